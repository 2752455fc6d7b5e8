import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Last lines of stdout and stderr, for failure messages. */
  output(): string;
  exited: Promise<number | null>;
}

export interface Cluster {
  dbName: string;
  databaseUrl: string;
  prefix: string;
  children: Child[];
  apis: Array<{ child: Child; url: string }>;
  workers: Child[];
  /** Waits until every API answers 200 on /api/ready. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM to every child (SIGKILL after a grace), then drops the database and the Redis keys. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  apis: number;
  workers: number;
  env?: Record<string, string>;
}

function startChild(name: string, script: string, env: Record<string, string>): Child {
  const lines: string[] = [];
  const keep = (buf: Buffer) => {
    for (const l of String(buf).split('\n')) if (l) lines.push(`[${name}] ${l}`);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  // node itself, not npx, so that the pid we hold is the process we stop (stack-notes pitfall 9).
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { name, proc, output: () => lines.join('\n'), exited };
}

async function stopChild(c: Child, graceMs = 8000): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), graceMs);
  await c.exited;
  clearTimeout(timer);
}

/**
 * N API processes and M worker processes, started for real (`node --import tsx bin/api.ts` /
 * `bin/workers.ts`) against one fresh PostgreSQL database and one Redis with a unique queue prefix. The
 * database starts empty: the children race to migrate it, as a real deployment does.
 */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const id = randomBytes(4).toString('hex');
  const dbName = `huiyin_t_mp_${id}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  await admin.end();
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  // Other test runs' globalSetup drops huiyin_t_* databases nobody is connected to; the children take
  // seconds to connect, so hold a connection from the start.
  const guard = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await guard`select 1`;
  const prefix = `huiyin_t_mp_${id}`;
  const base: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    HOST: '127.0.0.1',
    // production: no console build, no demo seed; the test seeds what it needs.
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_DISABLED: '1',
    // One SMTP receiver per host at most: the children leave inbound mail off (boot.ts).
    SMTP_PORT: '0',
    ...opts.env,
  };
  const children: Child[] = [];
  const apis: Cluster['apis'] = [];
  const workers: Child[] = [];
  for (let i = 0; i < opts.apis; i++) {
    const port = await freePort();
    const child = startChild(`api${i + 1}`, 'bin/api.ts', { ...base, PORT: String(port) });
    children.push(child);
    apis.push({ child, url: `http://127.0.0.1:${port}` });
  }
  for (let i = 0; i < opts.workers; i++) {
    // Workers open no port, but a PORT keeps config identical in shape.
    const child = startChild(`worker${i + 1}`, 'bin/workers.ts', { ...base, PORT: String(await freePort()) });
    children.push(child);
    workers.push(child);
  }
  const dump = () => children.map((c) => c.output()).join('\n');

  return {
    dbName,
    databaseUrl,
    prefix,
    children,
    apis,
    workers,
    async waitReady(timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (const api of apis) {
        for (;;) {
          if (api.child.proc.exitCode !== null) throw new Error(`${api.child.name} exited early:\n${dump()}`);
          const ok = await fetch(`${api.url}/api/ready`)
            .then((r) => r.status === 200)
            .catch(() => false);
          if (ok) break;
          if (Date.now() > deadline) {
            const last = await fetch(`${api.url}/api/ready`)
              .then(async (r) => `${r.status} ${await r.text()}`)
              .catch((err: Error) => err.message);
            throw new Error(`${api.child.name} not ready in ${timeoutMs} ms (last answer: ${last}):\n${dump()}`);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      for (const w of workers) {
        if (w.proc.exitCode !== null) throw new Error(`${w.name} exited early:\n${dump()}`);
      }
    },
    async stop() {
      await Promise.all(children.map((c) => stopChild(c)));
      await guard.end({ timeout: 5 });
      const { Redis } = await import('ioredis');
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
      await redis.connect();
      const keys = await redis.keys(`{${prefix}}*`);
      if (keys.length) await redis.del(...keys);
      const bus = await redis.keys(`${prefix}:*`);
      if (bus.length) await redis.del(...bus);
      await redis.quit();
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${dbName}" with (force)`);
      await a.end();
    },
  };
}
