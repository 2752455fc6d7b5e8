import { consoleFixture } from './fixture.ts';
import { adminScenarios } from './scenarios/admin.ts';
import { agentScenarios } from './scenarios/agent.ts';
import { clerkScenarios } from './scenarios/clerk.ts';
import { dispatcherScenarios } from './scenarios/dispatcher.ts';
import { infoRequestScenarios } from './scenarios/infoRequest.ts';
import { supervisorScenarios } from './scenarios/supervisor.ts';
import { unitScenarios } from './scenarios/unit.ts';

/**
 * The console in real headless Chromium against a real server process and a fresh demo city:
 * one end-to-end path per role (log in, do the main job, see the result), screenshots under
 * tests/output/screenshots/. One server for the file: its start (migrations, seed) is the costly part.
 */
const fx = consoleFixture();
agentScenarios(fx);
dispatcherScenarios(fx);
unitScenarios(fx);
supervisorScenarios(fx);
clerkScenarios(fx);
adminScenarios(fx);
infoRequestScenarios(fx);
