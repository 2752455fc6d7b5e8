import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createApp } from '../../api/app.ts';
import type { App } from '../../api/env.ts';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../services/clock.ts';
import type { Deps } from '../../services/deps.ts';
import { createLogger } from '../../services/logger.ts';
import { createRuntime, type Runtime } from '../../services/runtime.ts';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Harness {
  app: App;
  deps: Deps;
  clock: ManualClock;
  dbName: string;
  databaseUrl: string;
  prefix: string;
  runtime: Runtime;
  /** JSON request through the in-process app. */
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  now?: string;
  env?: Record<string, string>;
}

/**
 * A fresh PostgreSQL database and a fresh queue prefix for one test file, migrated, with the app wired to
 * a manual clock. Call close() in afterAll: it drops the database and the Redis keys.
 */
export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const id = randomBytes(4).toString('hex');
  const dbName = `huiyin_t_${id}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const prefix = `huiyin_t_${id}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...opts.env,
  });
  const clock = new ManualClock(new Date(opts.now ?? '2026-11-23T02:00:00Z'));
  const runtime = await createRuntime(config, { clock, logger: createLogger('silent'), poolSize: 5 });
  const app = createApp(runtime.deps);
  const request: Harness['request'] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined) headers['content-type'] ??= 'application/json';
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    return Promise.resolve(
      app.request(path, {
        method,
        headers,
        body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
      }),
    );
  };
  return {
    app,
    deps: runtime.deps,
    clock,
    dbName,
    databaseUrl,
    prefix,
    runtime,
    request,
    async login(username, password = 'demo12345') {
      const res = await request('POST', '/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      const keys = await runtime.deps.redis.keys(`{${prefix}}*`);
      if (keys.length) await runtime.deps.redis.del(...keys);
      await runtime.close();
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${dbName}" with (force)`);
      await a.end();
    },
  };
}
