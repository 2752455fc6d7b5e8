import { consoleFixture } from './fixture.ts';
import { agentScenarios } from './scenarios/agent.ts';

/**
 * The console in real headless Chromium against a real server process and a fresh demo city:
 * one end-to-end path per role (log in, do the main job, see the result), screenshots under
 * tests/output/screenshots/.
 */
const fx = consoleFixture();
agentScenarios(fx);
