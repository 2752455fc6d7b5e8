/*
 * Timers at scale: N open SLA clocks (default 100,000) scheduled as BullMQ delayed jobs; F of them
 * (default 10,000) come due within a window of W seconds while the rest wait days ahead. Reports:
 *   - scheduling throughput (delayed jobs queued per second),
 *   - fire lag p50/p99 between each deadline and its handling having committed (the real processor:
 *     state guard, firing row, clock stamp and 'sla.breached' event in PostgreSQL), next to a raw BullMQ
 *     baseline of no-op delayed jobs with the same shape, measured in the same run,
 *   - time to reconcile every open clock from an empty Redis (all of this bench's keys deleted), and
 *     the cost of a steady-state sweep (nothing missing).
 * Targets: p99 lag <= 1 s; full reconciliation <= 30 s.
 *
 *   npm run bench:timers                     # 100,000 clocks
 *   nice -n 10 npm run bench:timers -- --clocks 20000 --fire 2000 --window 20
 *
 * Uses its own database (huiyin_bench_timers) and its own queue prefix; drops/deletes both at the end.
 */
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { loadConfig } from '../config.ts';
import { queryRows } from '../db/rows.ts';
import { systemClock } from '../services/clock.ts';
import { createLogger } from '../services/logger.ts';
import { createRuntime } from '../services/runtime.ts';
import { reconcileTimers } from '../services/sla/reconcile.ts';
import { pendingTimers, queueTimers, runningTimerRows, TIMER_JOB } from '../services/sla/timers.ts';
import { bullPrefix } from '../workers/queues.ts';
import { processTimerJob } from '../workers/timers/processor.ts';

const { values: args } = parseArgs({
  options: {
    clocks: { type: 'string', default: process.env.BENCH_TIMERS_CLOCKS ?? '100000' },
    fire: { type: 'string', default: process.env.BENCH_TIMERS_FIRE ?? '10000' },
    window: { type: 'string', default: process.env.BENCH_TIMERS_WINDOW_S ?? '100' },
    concurrency: { type: 'string', default: '50' },
    db: { type: 'string', default: 'huiyin_bench_timers' },
  },
});
const N = Number(args.clocks);
const F = Math.min(N, Number(args.fire));
const WINDOW_MS = Number(args.window) * 1000;
const CONCURRENCY = Number(args.concurrency);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = String(args.db);
const DB_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const PREFIX = `huiyin_bench_timers_${process.pid}`;
const T0 = performance.now();

function log(line: string) {
  process.stdout.write(`[${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

async function waitFor(done: () => boolean, maxMs: number): Promise<void> {
  const end = Date.now() + maxMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
  await admin.unsafe(`create database "${DB_NAME}"`);
  const config = loadConfig({ DATABASE_URL: DB_URL, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const runtime = await createRuntime(config, { clock: systemClock, logger: createLogger('silent'), poolSize: 12 });
  const { deps } = runtime;
  const redisKeys = async () => {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await deps.redis.scan(cursor, 'MATCH', `${bullPrefix(PREFIX)}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length) n += await deps.redis.unlink(...keys);
    } while (cursor !== '0');
    return n;
  };
  const raw = { queue: undefined as Queue | undefined, worker: undefined as Worker | undefined };
  try {
    log(
      `${N.toLocaleString()} open clocks, ${F.toLocaleString()} due within ${WINDOW_MS / 1000} s, concurrency ${CONCURRENCY}`,
    );
    // --- data: one ticket, N running clocks with their 'started' segment (bulk SQL: the bench is about timers).
    let t = performance.now();
    await deps.db.execute(sql`insert into tickets (id, ticket_no, channel, type, title, content, query_code)
      values (1, '20261123000001', 'phone', 'help', '定时器压测', '定时器压测', 'BENCH1')`);
    await deps.db.execute(sql`insert into sla_clocks (ticket_id, dispatch_id, kind, status, limit_source, "limit", started_at, due_at, created_at, updated_at)
      select 1, g, 'handle', 'running', 'explicit', '{"value":5,"unit":"working_days"}'::jsonb, now(),
             now() + interval '1 day' + (g * interval '20 seconds'), now(), now()
      from generate_series(1, ${N}) g`);
    await deps.db.execute(sql`insert into sla_clock_segments (clock_id, kind, at, new_due_at, data)
      select id, 'started', started_at, due_at, jsonb_build_object('limit', "limit") from sla_clocks`);
    await deps.db.execute(sql`analyze sla_clocks`);
    log(`inserted clocks and segments: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // --- schedule the far deadlines (N - F clocks) of our clocks, and the same number of raw jobs.
    t = performance.now();
    let scheduled = 0;
    for (let cursor = 0; ; ) {
      const rows = await runningTimerRows(deps.db, cursor, 5000);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]?.id ?? cursor;
      scheduled += await queueTimers(deps, rows.filter((r) => r.id > F).flatMap(pendingTimers));
    }
    const scheduleS = (performance.now() - t) / 1000;
    log(
      `queued ${scheduled.toLocaleString()} delayed timer jobs: ${scheduleS.toFixed(1)} s (${Math.round(scheduled / scheduleS).toLocaleString()}/s)`,
    );
    const rawQueue = new Queue('bench-raw', { connection: deps.redis, prefix: bullPrefix(PREFIX) });
    raw.queue = rawQueue;
    const addRaw = async (from: number, to: number, dueOf: (i: number) => number) => {
      const jobs: Array<{
        name: string;
        data: { due: number };
        opts: { jobId: string; delay: number; removeOnComplete: boolean };
      }> = [];
      const now = Date.now();
      for (let i = from; i < to; i++) {
        const due = dueOf(i);
        jobs.push({
          name: 'noop',
          data: { due },
          opts: { jobId: `raw-${i}-${due}`, delay: Math.max(0, due - now), removeOnComplete: true },
        });
      }
      // Same queueing shape as services/sla/timers.ts queueTimers: chunks of 500, 6 in flight.
      let next = 0;
      const lane = async () => {
        for (let i = next; i < jobs.length; i = next) {
          next += 500;
          await rawQueue.addBulk(jobs.slice(i, i + 500));
        }
      };
      await Promise.all(Array.from({ length: 6 }, lane));
    };
    t = performance.now();
    const farBase = Date.now() + 86_400_000;
    await addRaw(F, N, (i) => farBase + i * 20_000);
    const rawS = (performance.now() - t) / 1000;
    log(
      `raw BullMQ: queued ${(N - F).toLocaleString()} delayed no-op jobs: ${rawS.toFixed(1)} s (${Math.round((N - F) / rawS).toLocaleString()}/s, same chunking)`,
    );

    const step = WINDOW_MS / Math.max(1, F);
    const lead = 3000 + F; // ample time to queue the near jobs before the first comes due
    // --- phase A, raw baseline: F no-op jobs due over the window while N - F wait.
    const rawLags: number[] = [];
    raw.worker = new Worker(
      'bench-raw',
      async (job) => {
        rawLags.push(Date.now() - (job.data as { due: number }).due);
      },
      { connection: deps.redis.duplicate(), prefix: bullPrefix(PREFIX), concurrency: CONCURRENCY },
    );
    const rawStart = Date.now() + lead;
    await addRaw(0, F, (i) => rawStart + i * step);
    await waitFor(() => rawLags.length >= F, lead + WINDOW_MS + 60_000);
    await raw.worker.close();

    // --- phase B, our timers: F clocks get deadlines over the window, scheduled like the app does.
    const lags: number[] = [];
    const worker = deps.queues.worker(
      'timers',
      async (job, token?: string) => {
        const out = await processTimerJob(deps, job, token);
        if (job.name === TIMER_JOB && out === 'fired')
          lags.push(Date.now() - (job.data as { targetMs: number }).targetMs);
        return out;
      },
      { concurrency: CONCURRENCY },
    );
    worker.on('failed', (job, err) => log(`job ${job?.id} failed: ${err.message}`));
    const start = Date.now() + lead;
    await deps.db.execute(sql`update sla_clocks
      set due_at = to_timestamp((${start}::float8 + (id - 1) * ${step}::float8) / 1000.0) where id <= ${F}`);
    const near = await runningTimerRows(deps.db, 0, F);
    await queueTimers(deps, near.flatMap(pendingTimers));
    await waitFor(() => lags.length >= F, lead + WINDOW_MS + 120_000);
    await worker.close();

    const sortedLags = [...lags].sort((a, b) => a - b);
    const sortedRaw = [...rawLags].sort((a, b) => a - b);
    const [fired] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from sla_timer_firings`);
    log(
      `fired ${lags.length.toLocaleString()} / ${F.toLocaleString()} (firing rows ${fired?.n}), raw ${rawLags.length.toLocaleString()}`,
    );
    const p50 = pct(sortedLags, 50);
    const p99 = pct(sortedLags, 99);
    log(
      `fire lag   p50 ${fmt(p50)}  p99 ${fmt(p99)}  max ${fmt(sortedLags[sortedLags.length - 1] ?? Number.NaN)}  (target p99 <= 1000 ms)`,
    );
    log(
      `raw BullMQ p50 ${fmt(pct(sortedRaw, 50))}  p99 ${fmt(pct(sortedRaw, 99))}  max ${fmt(sortedRaw[sortedRaw.length - 1] ?? Number.NaN)}`,
    );
    await rawQueue.obliterate({ force: true });
    await rawQueue.close();
    raw.queue = undefined;

    // --- reconcile every open clock from an empty Redis.
    const deleted = await redisKeys();
    log(`deleted all ${deleted.toLocaleString()} Redis keys of prefix ${bullPrefix(PREFIX)}`);
    const rec = await reconcileTimers(deps);
    log(
      `reconcile from empty Redis: ${(rec.ms / 1000).toFixed(1)} s, scanned ${rec.scanned.toLocaleString()} clocks, requeued ${rec.requeued.toLocaleString()} jobs, fired ${rec.fired} overdue (target <= 30 s)`,
    );
    const steady = await reconcileTimers(deps);
    log(`steady-state sweep (nothing missing): ${(steady.ms / 1000).toFixed(1)} s, requeued ${steady.requeued}`);
    const ok = p99 <= 1000 && rec.ms <= 30_000 && lags.length === F;
    log(ok ? 'PASS: targets met' : 'FAIL: a target was missed');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await raw.worker?.close().catch(() => undefined);
    await raw.queue?.close().catch(() => undefined);
    await redisKeys().catch(() => 0);
    await runtime.close();
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.end();
  }
}

await main();
