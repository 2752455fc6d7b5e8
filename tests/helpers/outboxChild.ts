/**
 * A delivery worker in its own process, for the crash test: it claims and sends what is due, once. The
 * test kills it (SIGKILL) while Twilio holds the request, i.e. between sending and recording.
 * Env: DATABASE_URL, QUEUE_PREFIX, TWILIO_*, PUBLIC_BASE_URL, FU_NOW (the test's frozen clock).
 */
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../services/clock.ts';
import { deliverDue } from '../../services/followup/delivery.ts';
import { createLogger } from '../../services/logger.ts';
import { createRuntime } from '../../services/runtime.ts';

const clock = new ManualClock(new Date(process.env.FU_NOW ?? Date.now()));
const runtime = await createRuntime(loadConfig(), {
  clock,
  logger: createLogger('silent'),
  skipMigrate: true,
  poolSize: 2,
});
process.stdout.write('ready\n');
const out = await deliverDue(runtime.deps);
process.stdout.write(`${JSON.stringify(out)}\n`);
await runtime.close();
