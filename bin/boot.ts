import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { type Config, loadConfig } from '../config.ts';
import { seedDemoIfEmpty } from '../db/seed/index.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../services/intake/smtpReceiver.ts';
import { createRuntime, type Runtime, StartupError } from '../services/runtime.ts';
import { startWorkers } from '../workers/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN_DIST = join(ROOT, 'admin', 'dist');

export interface BootOptions {
  api: boolean;
  workers: boolean;
  seed: boolean;
  /** Build the console when its sources changed (the all-in-one `npm start`; production builds ahead). */
  buildConsole?: boolean;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the console when its sources are newer than the last build, so `npm start` always serves it. */
async function ensureAdminBuilt(config: Config, log: (m: string) => void) {
  const src = join(ROOT, 'admin', 'src');
  if (!existsSync(src) || !existsSync(join(ROOT, 'admin', 'vite.config.ts'))) return;
  const index = join(ADMIN_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(src)) return;
  if (config.production) return;
  log('building the admin console (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'admin', 'vite.config.ts'), logLevel: 'warn' });
}

/** Shared start-up of `npm start`, `start:api` and `start:workers`. */
export async function boot(opts: BootOptions): Promise<void> {
  const config = loadConfig();
  let runtime: Runtime;
  try {
    if (opts.buildConsole) {
      await ensureAdminBuilt(config, (m) => process.stdout.write(`${m}\n`)).catch((err: Error) => {
        // A broken console build must not keep the API down: say so and serve the API.
        process.stderr.write(`huiyin: console build failed, serving the API only: ${err.message.split('\n')[0]}\n`);
      });
    }
    runtime = await createRuntime(config);
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`huiyin: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { deps } = runtime;
  if (opts.seed && (await seedDemoIfEmpty(deps))) deps.logger.info('demo city seeded');
  const workers = opts.workers ? await startWorkers(deps) : undefined;
  let server: ServerType | undefined;
  let smtp: SmtpReceiver | undefined;
  if (opts.api) {
    const app = createApp(deps, { staticRoot: ADMIN_DIST });
    server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
    const where = `http://${config.HOST}:${config.PORT}`;
    deps.logger.info({ url: where, db: deps.database.kind }, 'huiyin listening');
    process.stdout.write(
      `Huiyin 回音 is running at ${where}  (API docs: ${where}/api/docs; database: ${deps.database.kind})\n`,
    );
    // Inbound e-mail (Intake): SMTP_PORT=0 leaves it off, e.g. for a second API process on the same host.
    if (config.SMTP_PORT > 0) {
      smtp = await startSmtpReceiver(deps).catch((err: unknown) => {
        deps.logger.error({ err, port: config.SMTP_PORT }, 'smtp receiver not started');
        return undefined;
      });
    }
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => process.exit(1), 15_000);
    hardStop.unref();
    // Drain HTTP first so no new work arrives, then stop workers, then close connections.
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    await smtp?.close();
    await workers?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
