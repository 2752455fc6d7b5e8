import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { seedReference } from '../db/seed/reference.ts';
import { enqueueMessage } from '../services/followup/outbox.ts';
import { createLogger } from '../services/logger.ts';
import { createRuntime, type Runtime } from '../services/runtime.ts';
import { scheduleClockTimers, startClock } from '../services/sla/index.ts';
import { type Cluster, startCluster } from './helpers/processes.ts';
import { startTwilioServer, type TwilioServer } from './helpers/twilioServer.ts';

/**
 * Two API processes and two worker processes, for real, on one PostgreSQL and one Redis: whatever a
 * deployment behind a load balancer does, these assertions must hold.
 */
let cluster: Cluster;
let database: Database;
let twilio: TwilioServer;
/** The test's own runtime on the same database and queue prefix: it produces work, the children do it. */
let producer: Runtime;
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
  twilio = await startTwilioServer();
  cluster = await startCluster({ apis: 2, workers: 2, env: { ...twilio.env(), OUTBOX_SWEEP_MS: '2000' } });
  try {
    // Both APIs are ready only when the migrations (raced by all four processes) are applied.
    await cluster.waitReady();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  database = await openDatabase({ url: cluster.databaseUrl, poolSize: 2 });
  await seedReference(database.db, 'demo12345');
  producer = await createRuntime(
    loadConfig({ DATABASE_URL: cluster.databaseUrl, QUEUE_PREFIX: cluster.prefix, NODE_ENV: 'test', ...twilio.env() }),
    { skipMigrate: true, poolSize: 3, logger: createLogger('silent') },
  );
  for (const api of cluster.apis) {
    const res = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'demo12345' }),
    });
    tokens.push((await json<{ token: string }>(res)).token);
  }
  // Start-up (four processes loading the app through tsx) dominates this file: ~15 s on an idle 2-core
  // machine, much more when other test runs share the cores.
}, 120_000);

afterAll(async () => {
  await producer?.close();
  await database?.close();
  await cluster?.stop();
  await twilio?.close();
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

  it('fires every SLA timer exactly once although two worker processes compete for them', async () => {
    const deps = producer.deps;
    const tickets = await queryRows<{ id: number }>(database.db, sql`select id from tickets order by id limit 40`);
    const now = new Date();
    const clockIds = await deps.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (const [i, t] of tickets.entries()) {
        // Elapsed limits of 3–7 s: warning at half-time, breach at the end, while both workers run.
        const c = await startClock(tx, deps, {
          ticketId: t.id,
          kind: 'handle',
          startAt: now,
          limit: { minutes: (3 + (i % 5)) / 60, elapsed: true },
          warnPercent: 50,
        });
        ids.push(c.clockId);
      }
      return ids;
    });
    await scheduleClockTimers(deps, clockIds);
    const expected = clockIds.length * 2;
    const firings = async () =>
      Number(
        (
          await queryRows<{ n: string }>(
            database.db,
            sql`select count(*) as n from sla_timer_firings where clock_id in (${sql.raw(clockIds.join(','))})`,
          )
        )[0]?.n,
      );
    const until = Date.now() + 25_000;
    while ((await firings()) < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1000)); // room for a duplicate to show up, if any
    expect(await firings()).toBe(expected);
    const perTicket = await queryRows<{ ticket_id: number; action: string; n: string }>(
      database.db,
      sql`select ticket_id, action, count(*) as n from ticket_events
          where action in ('sla.warning', 'sla.breached') and ticket_id in (${sql.raw(tickets.map((t) => t.id).join(','))})
          group by 1, 2`,
    );
    expect(perTicket).toHaveLength(expected);
    expect(perTicket.every((r) => Number(r.n) === 1)).toBe(true);
  }, 45_000);

  it('sends every notification exactly once although two outbox workers listen', async () => {
    const deps = producer.deps;
    const tickets = await queryRows<{ id: number }>(database.db, sql`select id from tickets order by id limit 30`);
    const phones = tickets.map((_, i) => `+861390000${String(1000 + i)}`);
    await deps.db.transaction(async (tx) => {
      for (const [i, t] of tickets.entries()) {
        await enqueueMessage(
          tx,
          deps,
          {
            ticketId: t.id,
            channel: 'sms',
            to: phones[i],
            template: 'ticket.registered',
            vars: {},
            // Urgent: the test must not depend on the hour (quiet hours hold ordinary SMS at night).
            urgent: true,
            idempotencyKey: `mp-registered-${t.id}`,
          },
          deps.clock.now(),
        );
      }
    });
    await twilio.waitFor(phones.length, 25_000);
    await new Promise((r) => setTimeout(r, 2500)); // one more outbox sweep: a duplicate would arrive now
    expect(twilio.messages).toHaveLength(phones.length);
    expect(new Set(twilio.messages.map((m) => m.to))).toEqual(new Set(phones));
    const states = await queryRows<{ status: string; n: string }>(
      database.db,
      sql`select status, count(*) as n from messages where direction = 'out' group by 1`,
    );
    expect(states.map((r) => [r.status, Number(r.n)])).toEqual([['sent', phones.length]]);
  }, 45_000);
});
