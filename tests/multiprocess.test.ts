import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { seedReference } from '../db/seed/reference.ts';
import { type Cluster, startCluster } from './helpers/processes.ts';

/**
 * Two API processes and two worker processes, for real, on one PostgreSQL and one Redis: whatever a
 * deployment behind a load balancer does, these assertions must hold.
 */
let cluster: Cluster;
let database: Database;
const tokens: string[] = [];

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${res.status}: ${text}`);
  }
}

beforeAll(async () => {
  cluster = await startCluster({ apis: 2, workers: 2 });
  try {
    // Both APIs are ready only when the migrations (raced by all four processes) are applied.
    await cluster.waitReady();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  database = await openDatabase({ url: cluster.databaseUrl, poolSize: 2 });
  await seedReference(database.db, 'demo12345');
  for (const api of cluster.apis) {
    const res = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'demo12345' }),
    });
    tokens.push((await json<{ token: string }>(res)).token);
  }
}, 60_000);

afterAll(async () => {
  await database?.close();
  await cluster?.stop();
}, 30_000);

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

describe('two API and two worker processes on one database and one Redis', () => {
  it('migrated once although four processes started at the same moment', async () => {
    const [row] = await queryRows<{ n: string; distinct_hashes: string }>(
      database.db,
      sql`select count(*) as n, count(distinct hash) as distinct_hashes from drizzle.__drizzle_migrations`,
    );
    expect(Number(row?.n)).toBe(Number(row?.distinct_hashes));
    for (const w of cluster.workers) expect(w.proc.exitCode).toBeNull();
  });

  it('gives every ticket a unique number under concurrent intake through both APIs', async () => {
    const N = 120;
    const results = await pool(N, 24, async (i) => {
      const api = cluster.apis[i % cluster.apis.length];
      if (!api) throw new Error('no api');
      const res = await fetch(`${api.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
        body: JSON.stringify({ type: 'help', channel: 'phone', content: `并发登记测试 ${i}：路灯不亮` }),
      });
      expect(res.status).toBe(201);
      return json<{ ticketNo: string }>(res);
    });
    const numbers = results.map((r) => r.ticketNo);
    expect(new Set(numbers).size).toBe(N);
    const [db] = await queryRows<{ n: string; distinct_no: string }>(
      database.db,
      sql`select count(*) as n, count(distinct ticket_no) as distinct_no from tickets`,
    );
    expect(Number(db?.n)).toBe(N);
    expect(Number(db?.distinct_no)).toBe(N);

    // Each process counts its own intake; Prometheus sums them, and the sum is every ticket.
    let counted = 0;
    for (const api of cluster.apis) {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('huiyin_tickets_created_total{channel="phone"}'));
      counted += Number(line?.split(' ').pop() ?? 0);
    }
    expect(counted).toBe(N);
  }, 45_000);
});
