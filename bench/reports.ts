/*
 * KPI reports over a year of a large city: generate N tickets (default 2 000 000) with their dispatches,
 * event log and call records in a database of their own (set-based SQL, see bench/reports/generate.ts),
 * fold the whole event log into the rollups with the real incremental fold, then time
 *   - the monthly report by unit, by category and by unit × category (target ≤ 200 ms), and
 *   - rollup maintenance throughput, bulk and live-sized batches (target ≥ 500 events/s),
 * each against a raw baseline from the same run (count(*) and a naive GROUP BY over the month's events).
 *
 *   npm run bench:reports -- --tickets 50000        (development size)
 *   nice -n 10 npm run bench:reports                (2 000 000 tickets)
 *
 * Drops its database at the end unless --keep; --reuse skips generation and folding on a kept database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { seedReference } from '../db/seed/reference.ts';
import { syncCallDays } from '../services/kpi/calls.ts';
import { foldBatch, kpiStatus } from '../services/kpi/maintain.ts';
import { kpiReport, type ReportQuery } from '../services/kpi/report.ts';
import { addBenchReference, generateYear } from './reports/generate.ts';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: process.env.BENCH_TICKETS ?? '2000000' },
    chunk: { type: 'string', default: '250000' },
    batch: { type: 'string', default: '25000' },
    runs: { type: 'string', default: '25' },
    db: { type: 'string', default: 'huiyin_kpi_bench' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const N = Number(args.tickets);
const RUNS = Number(args.runs);
const BATCH = Number(args.batch);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = String(args.db);
const URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const REPORT_TARGET_MS = 200;
const FOLD_TARGET_PER_S = 500;
const T0 = performance.now();

function log(line: string) {
  const s = ((performance.now() - T0) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[${s} s] ${line}\n`);
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function runs(fn: () => Promise<unknown>, n = RUNS): Promise<{ p50: number; p95: number; samples: number[] }> {
  for (let i = 0; i < 3; i++) await fn(); // warm the caches and the plan
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push((await time(fn)).ms);
  return { p50: pct(samples, 50), p95: pct(samples, 95), samples };
}

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  if (!args.reuse) {
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.unsafe(`create database "${DB_NAME}"`);
  }
  const database = await openDatabase({ url: URL, poolSize: 4 });
  const raw = postgres(URL, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const results: Record<string, unknown> = { tickets: N, startedAt: new Date().toISOString() };
  try {
    if (!args.reuse) {
      await migrate(database);
      await seedReference(database.db, 'bench-not-a-login');
      const ref = await addBenchReference(raw);
      log(`reference: ${ref.units} units, ${ref.leaves} leaf categories`);
      // Generation only: no commit wait per statement, big sorts in memory.
      await raw.unsafe(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'`);
      const gen = await time(() => generateYear(raw, { tickets: N, chunk: Number(args.chunk), log }));
      log(`generation done in ${fmt(gen.ms / 1000, 1)} s`);
      await raw.unsafe('vacuum analyze');
      results.generated = { ...gen.value, seconds: gen.ms / 1000 };

      // Bulk maintenance: the real fold over the whole log, in its own transactions of BATCH events.
      let folded = 0;
      let lastLog = performance.now();
      const foldStart = performance.now();
      for (;;) {
        const r = await foldBatch(database.db, { batchSize: BATCH, wait: true });
        folded += r.folded;
        if (performance.now() - lastLog > 15_000 || r.caughtUp) {
          const s = (performance.now() - foldStart) / 1000;
          log(`folded ${fmt(folded)} / ${fmt(gen.value.events)} events (${fmt(folded / s)} events/s)`);
          lastLog = performance.now();
        }
        if (r.caughtUp) break;
      }
      const foldSeconds = (performance.now() - foldStart) / 1000;
      const callDays = await time(() => syncCallDays(database.db));
      await raw.unsafe(
        'analyze kpi_daily; analyze kpi_monthly; analyze kpi_cubes; analyze kpi_month_cubes; analyze kpi_calls_daily',
      );
      results.bulkFold = { events: folded, seconds: foldSeconds, perSecond: folded / foldSeconds };
      results.callsSync = { days: callDays.value, ms: callDays.ms };
      log(
        `bulk fold: ${fmt(folded / foldSeconds)} events/s; call counters: ${callDays.value} days in ${fmt(callDays.ms)} ms`,
      );
    }

    const rows = await raw<{ daily: string; monthly: string; events: string }[]>`
      select (select count(*) from kpi_daily)::text as daily, (select count(*) from kpi_monthly)::text as monthly,
             (select count(*) from ticket_events)::text as events`;
    log(`rollup rows: ${fmt(Number(rows[0]?.daily))} daily, ${fmt(Number(rows[0]?.monthly))} monthly`);
    results.rollupRows = rows[0];

    // Reports on the month with the most data (June), as the API runs them.
    const month: ReportQuery = { from: '2025-06-01', to: '2025-07-01' };
    const cases: Array<[string, ReportQuery]> = [
      ['month, total', month],
      ['month by unit', { ...month, groupBy: ['unit'] }],
      ['month by category', { ...month, groupBy: ['category'] }],
      ['month by unit × category', { ...month, groupBy: ['unit', 'category'] }],
      ['quarter by unit', { from: '2025-04-01', to: '2025-07-01', groupBy: ['unit'] }],
      ['year by month', { from: '2025-01-01', to: '2026-01-01', groupBy: ['month'] }],
      ['month by week (daily rollup)', { ...month, groupBy: ['week'] }],
      ['15 days by unit (daily rollup)', { from: '2025-06-01', to: '2025-06-16', groupBy: ['unit'] }],
    ];
    const reportTimes: Record<string, { p50: number; p95: number; groups: number }> = {};
    for (const [name, q] of cases) {
      const r = await runs(() => kpiReport(database.readDb, q));
      const groups = (await kpiReport(database.readDb, q)).rows.length;
      reportTimes[name] = { p50: r.p50, p95: r.p95, groups };
    }

    // Raw baselines over the same month, straight from the event log.
    const monthFrom = `timestamptz '2025-06-01 00:00:00+08'`;
    const monthTo = `timestamptz '2025-07-01 00:00:00+08'`;
    const countRuns = await runs(
      () => raw.unsafe(`select count(*) from ticket_events where at >= ${monthFrom} and at < ${monthTo}`),
      5,
    );
    const naive = await runs(
      () =>
        raw.unsafe(`select coalesce(d.unit_id, 0) as unit_id, coalesce(t.category_id, 0) as category_id,
            count(*) filter (where e.action = 'ticket.created') as created,
            count(*) filter (where e.action = 'dispatch.created') as dispatches,
            count(*) filter (where e.action = 'dispatch.reply_accepted') as completed,
            count(*) filter (where e.action = 'dispatch.replied' and (e.payload->>'onTime')::boolean) as on_time,
            count(*) filter (where e.action = 'revisit.recorded' and e.payload->>'result' in ('satisfied', 'basically_satisfied')) as satisfied,
            count(*) filter (where e.action = 'revisit.recorded' and e.payload->>'result' <> 'unreachable') as reached
          from ticket_events e
          join tickets t on t.id = e.ticket_id
          left join dispatches d on d.id = e.dispatch_id
          where e.at >= ${monthFrom} and e.at < ${monthTo}
          group by 1, 2`),
      3,
    );
    results.reports = reportTimes;
    results.baselines = { monthCountMs: countRuns.p50, naiveGroupByMs: naive.p50 };

    // Live maintenance: a day of new tickets (2026-01-01) arriving after the year, folded in small batches.
    const [{ max } = { max: '0' }] = await raw<{ max: string }[]>`select max(id)::text as max from tickets`;
    const liveTickets = Math.max(2000, Math.round(N / 365));
    await raw.unsafe(`insert into ticket_events (ticket_id, at, actor_kind, action, payload)
      select (1 + (g % ${Number(max)}))::int, timestamptz '2026-01-01 09:00:00+08' + g * interval '1 second', 'system',
        (array['ticket.created', 'dispatch.urged', 'ticket.note', 'revisit.recorded'])[1 + g % 4],
        case when g % 4 = 3 then '{"result":"satisfied"}'::jsonb else '{"channel":"phone"}'::jsonb end
      from generate_series(1, ${liveTickets * 4}) g`);
    const live: Record<string, number> = {};
    for (const batch of [100, 1000]) {
      const before = await kpiStatus(database.db);
      const target = Math.min(before.lag, batch * 10);
      const t = performance.now();
      let done = 0;
      while (done < target) {
        const r = await foldBatch(database.db, { batchSize: batch });
        done += r.folded;
        if (r.caughtUp) break;
      }
      live[`batch ${batch}`] = done / ((performance.now() - t) / 1000);
    }
    results.liveFold = live;

    // Report
    const p = (s: string, w: number) => s.padEnd(w);
    const lines: string[] = [];
    lines.push('');
    lines.push(`KPI reports over ${fmt(N)} tickets (${fmt(Number(rows[0]?.events))} events) — one year, Asia/Shanghai`);
    lines.push(`${p('operation', 34)}${p('p50 ms', 10)}${p('p95 ms', 10)}${p('groups', 8)}vs naive GROUP BY   target`);
    for (const [name, r] of Object.entries(reportTimes)) {
      const ok = r.p95 <= REPORT_TARGET_MS ? 'ok' : 'MISSED';
      lines.push(
        `${p(name, 34)}${p(fmt(r.p50, 1), 10)}${p(fmt(r.p95, 1), 10)}${p(String(r.groups), 8)}` +
          `${p(`${fmt(naive.p50 / r.p50, 0)}× faster`, 19)}≤ ${REPORT_TARGET_MS} ms ${ok}`,
      );
    }
    lines.push(`${p('baseline: count(*) of the month', 34)}${p(fmt(countRuns.p50, 1), 10)}`);
    lines.push(`${p('baseline: naive GROUP BY of month', 34)}${p(fmt(naive.p50, 1), 10)}`);
    const bulk = results.bulkFold as { perSecond: number } | undefined;
    if (bulk) {
      lines.push(
        `${p(`fold, bulk (${fmt(BATCH)}-event batches)`, 34)}${p(`${fmt(bulk.perSecond)} events/s`, 28)}` +
          `${fmt(bulk.perSecond / FOLD_TARGET_PER_S, 1)}× the ${FOLD_TARGET_PER_S}/s target`,
      );
    }
    for (const [k, v] of Object.entries(live)) {
      lines.push(
        `${p(`fold, live (${k})`, 34)}${p(`${fmt(v)} events/s`, 28)}${fmt(v / FOLD_TARGET_PER_S, 1)}× the ${FOLD_TARGET_PER_S}/s target`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync('bench/output', { recursive: true });
    writeFileSync(`bench/output/reports-${N}.json`, JSON.stringify(results, null, 2));
    log(`results in bench/output/reports-${N}.json`);
  } finally {
    await raw.end();
    await database.close();
    if (!args.keep) {
      await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
      log(`dropped ${DB_NAME}`);
    }
    await admin.end();
  }
}

await main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
