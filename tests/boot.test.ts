import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';

/** The real entry points, as operators run them: one clear line on a missing Redis, clean SIGTERM. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const addr = srv.address();
  srv.close();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

function run(
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return { child, out: () => out, err: () => err };
}

describe('entry points', () => {
  it('says in one line that Redis is unreachable and exits 1', async () => {
    const p = run('bin/api.ts', {
      DATABASE_URL: h.databaseUrl,
      REDIS_URL: 'redis://127.0.0.1:1',
      PORT: String(await freePort()),
    });
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(1);
    const lines = p.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis/);
    expect(p.err()).not.toMatch(/\n\s+at /); // no stack trace
  }, 90_000);

  it('serves the API and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run('bin/api.ts', {
      DATABASE_URL: h.databaseUrl,
      QUEUE_PREFIX: h.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    // Loading the TypeScript sources takes a while on a busy 2-core machine.
    const deadline = Date.now() + 75_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(health?.status).toBe(200);
    p.child.kill('SIGTERM');
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
