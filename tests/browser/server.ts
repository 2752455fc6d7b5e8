import { serve } from '@hono/node-server';
import { createApp } from '../../api/app.ts';
import { loadConfig } from '../../config.ts';
import { seedCalendars } from '../../db/seed/calendars.ts';
import { seedDemoTickets } from '../../db/seed/demoTickets.ts';
import { seedCatalogue } from '../../db/seed/dispatch.ts';
import { seedDemoIfEmpty } from '../../db/seed/index.ts';
import { seedReference } from '../../db/seed/reference.ts';
import type { Deps } from '../../services/deps.ts';
import { createRuntime } from '../../services/runtime.ts';
import { startWorkers } from '../../workers/index.ts';

/**
 * The demo city without the feature seeds' history: reference data, calendars and SLA policies, the
 * responsibility catalogue (for dispatch suggestions) and a few dozen tickets. The scenarios create the
 * rest through the console itself, and startup stays a few seconds on a busy two-core machine.
 */
async function seedLight(deps: Deps) {
  const ref = await seedReference(deps.db, deps.config.DEMO_PASSWORD);
  await seedCalendars(deps, ref);
  await seedCatalogue(deps.db, ref);
  await seedDemoTickets(deps.db, ref, deps.clock.now(), 40);
}

/**
 * The server the browser tests drive: what `npm start` runs (API, workers, demo seed), serving the
 * console from CONSOLE_DIST on a port the OS picks, announced as "LISTENING <port>" on stdout.
 */
const config = loadConfig();
const runtime = await createRuntime(config);
if (process.env.BROWSER_SEED === 'light') await seedLight(runtime.deps);
else await seedDemoIfEmpty(runtime.deps);
const workers = await startWorkers(runtime.deps);
const app = createApp(runtime.deps, { staticRoot: process.env.CONSOLE_DIST });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`LISTENING ${info.port}\n`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const hard = setTimeout(() => process.exit(1), 10_000);
  hard.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await workers.stop();
  await runtime.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
