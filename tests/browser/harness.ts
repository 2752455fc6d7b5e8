import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { ensureConsoleBuilt } from './build.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CTI_TOKEN = 'browser-test-cti-token';

export interface ConsoleServer {
  url: string;
  databaseUrl: string;
  /** JSON call to the running API, for setting the scene and checking results. */
  api<T = unknown>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  login(username: string): Promise<string>;
  logs(): string;
  close(): Promise<void>;
}

/** Databases of browser runs that were killed before their cleanup (no one connected, older than 10 minutes). */
async function dropStale(admin: postgres.Sql) {
  const stale = await admin<{ datname: string }[]>`
    select d.datname from pg_database d
    where d.datname like 'huiyin\\_b\\_%'
      and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)
      and (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '10 minutes'`.catch(
    () => [],
  );
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}"`).catch(() => undefined);
}

/**
 * A real server process (tests/browser/server.ts: API + workers + demo seed) on a fresh PostgreSQL
 * database and its own queue prefix, serving the freshly built console.
 */
export async function startConsoleServer(
  opts: { seed?: 'light' | 'full'; dist?: string } = {},
): Promise<ConsoleServer> {
  const dist = opts.dist ?? (await ensureConsoleBuilt());
  const id = randomBytes(4).toString('hex');
  // Not huiyin_t_: other vitest runs' global setup drops idle huiyin_t_ databases, and this one is idle
  // for the moment between its creation and the server's first connection.
  const dbName = `huiyin_b_${id}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await dropStale(admin);
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const prefix = `huiyin_t_${id}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/browser/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: prefix,
      REDIS_URL,
      CONSOLE_DIST: dist,
      CTI_TOKEN,
      SMTP_PORT: '0',
      RATE_LIMIT_DISABLED: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      BROWSER_SEED: opts.seed ?? 'light',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${log}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      const text = d.toString();
      log += text;
      const m = /LISTENING (\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const api: ConsoleServer['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
  };
  return {
    url,
    databaseUrl,
    api,
    async login(username) {
      const r = await api<{ token: string }>('POST', '/api/auth/login', { body: { username, password: 'demo12345' } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
      return r.body.token;
    },
    logs: () => log,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 12_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const keys = await redis.keys(`*${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${dbName}" with (force)`);
      await a.end();
    },
  };
}
