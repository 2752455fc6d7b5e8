/*
 * Years of history: generate N tickets (default 200k; the issue's figure is 10M) with their dispatches and
 * event log in a database of their own, then time what people do all day on that data.
 *
 *   npm run bench:history -- --tickets 200000 [--per-day 65000] [--runs 40] [--keep] [--reuse]
 *   nice -n 10 npm run bench:history -- --tickets 10000000
 *
 * Prints generation and index-build times, then p50/p95 of each operation against its target, the
 * indexes its plan used (EXPLAIN ANALYZE of the SQL the app really sends) and raw baselines from the same
 * run. Drops its database at the end unless --keep.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { seedReference } from '../db/seed/reference.ts';
import { type ArchiveFigures, archivePhase } from './history/archive.ts';
import { addBenchUnits, generateHistory, loadReference, loadWords } from './history/generate.ts';
import { buildIndexes, dropSecondaryIndexes, type IndexDef } from './history/indexes.ts';
import { fillKpiRollups } from './history/kpi.ts';
import { explainUse, mergeUse, type PlanUse, type Sample, timeRuns } from './history/measure.ts';
import { baselines, capturingDb, type Operation, operations, rawEventReport, type Shape } from './history/queries.ts';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: process.env.BENCH_TICKETS ?? '200000' },
    'per-day': { type: 'string', default: '65000' },
    chunk: { type: 'string', default: '250000' },
    runs: { type: 'string', default: '40' },
    db: { type: 'string', default: 'huiyin_bench_history' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    /** After measuring: archive tickets closed more than N days ago, move them, measure again (0 = skip). */
    'archive-days': { type: 'string', default: '0' },
  },
});
const N = Number(args.tickets);
const RUNS = Number(args.runs);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = String(args.db);
const URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const T0 = performance.now();

function log(line: string) {
  const s = ((performance.now() - T0) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[${s} s] ${line}\n`);
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t) / 1000;
  log(`${what}: ${seconds.toFixed(1)} s`);
  return { value, seconds };
}

async function databaseExists(admin: postgres.Sql): Promise<boolean> {
  const rows = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
  return rows.length > 0;
}

interface Figures {
  generate?: { seconds: number; tickets: number; dispatches: number; events: number };
  indexes?: Array<IndexDef & { seconds: number }>;
  kpiSeconds?: number;
  vacuumSeconds?: number;
  sizes?: Record<string, string>;
  archive?: ArchiveFigures;
  results: Array<{
    name: string;
    label: string;
    targetMs: number;
    sample: Sample;
    plan: PlanUse | null;
    note?: string;
  }>;
}

async function prepare(admin: postgres.Sql, figures: Figures): Promise<void> {
  if (args.reuse && (await databaseExists(admin))) {
    log(`reusing database ${DB_NAME} (applying any newer migrations)`);
    const database = await openDatabase({ url: URL, poolSize: 2 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    return;
  }
  await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
  await admin.unsafe(`create database "${DB_NAME}"`);
  const database = await openDatabase({ url: URL, poolSize: 2 });
  await migrate(database);
  await seedReference(database.db, 'demo12345');
  await database.close();

  // The loader's session may use the memory a bulk load deserves; the server's defaults stay untouched.
  const loader = postgres(URL, {
    max: 1,
    onnotice: () => {},
    connection: {
      TimeZone: 'UTC',
      synchronous_commit: 'off',
      work_mem: '256MB',
      maintenance_work_mem: '1GB',
      max_parallel_maintenance_workers: 2,
    },
  });
  try {
    await addBenchUnits(loader);
    await loadWords(loader);
    const ref = await loadReference(loader);
    log(`reference: ${ref.unitIds.length} dispatch units, ${ref.categoryIds.length} categories`);
    const dropped = await dropSecondaryIndexes(loader, ['tickets', 'dispatches', 'ticket_events']);
    log(`dropped ${dropped.length} secondary indexes for the load (rebuilt after)`);
    const gen = await generateHistory(loader, ref, {
      tickets: N,
      perDay: Number(args['per-day']),
      chunk: Number(args.chunk),
      now: new Date(),
      log,
    });
    figures.generate = { seconds: gen.seconds, tickets: gen.tickets, dispatches: gen.dispatches, events: gen.events };
    log(
      `generated ${gen.tickets.toLocaleString()} tickets, ${gen.dispatches.toLocaleString()} dispatches, ${gen.events.toLocaleString()} events in ${gen.seconds.toFixed(0)} s`,
    );
    figures.indexes = await buildIndexes(loader, dropped, log);
    figures.kpiSeconds = (
      await timed('KPI rollups (kpi_daily, kpi_monthly and their cubes) filled set-based', () => fillKpiRollups(loader))
    ).seconds;
    figures.vacuumSeconds = (await timed('vacuum analyze', () => loader.unsafe('vacuum (analyze)'))).seconds;
  } finally {
    await loader.end();
  }
}

async function shapeOf(client: postgres.Sql): Promise<Shape> {
  const busy = await client<{ id: number; path: string }[]>`
    select u.id, u.path from units u join (
      select unit_id from dispatches where status in ('dispatched', 'handling', 'return_requested', 'replied')
      group by 1 order by count(*) desc limit 20) b on b.unit_id = u.id`;
  const all = await client<{ id: number }[]>`select id from units where kind in ('department', 'district', 'street')`;
  const [m] = await client<{ max: number; last_month: string; first_day: string }[]>`
    select max(id) as max,
      to_char(date_trunc('month', max(created_at) at time zone 'Asia/Shanghai') - interval '1 month', 'YYYY-MM-DD') as last_month,
      to_char(min(created_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as first_day
    from tickets`;
  if (!m) throw new Error('no tickets');
  // The last complete month when the history covers one, else the (partial) month the data starts in.
  const from = m.last_month >= m.first_day.slice(0, 8).concat('01') ? m.last_month : `${m.first_day.slice(0, 8)}01`;
  const start = new Date(`${from}T00:00:00Z`);
  const to = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  return {
    busyUnits: busy.map((r) => ({ id: Number(r.id), path: r.path })),
    allUnits: all.map((r) => Number(r.id)),
    maxTicketId: Number(m.max),
    nowMs: Date.now(),
    month: { from, to },
  };
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

async function measure(figures: Figures, suffix = ''): Promise<void> {
  const client = postgres(URL, { max: 4, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  try {
    const { db, capture } = capturingDb(client);
    const shape = await shapeOf(client);
    log(`measuring ${RUNS} runs each; report month ${shape.month.from}..${shape.month.to}`);
    const run = async (op: Operation, runs: number, explain: boolean) => {
      const sample = await timeRuns(runs, (k) => op.run(k), runs > 5 ? 3 : 1);
      let plan: PlanUse | null = null;
      if (explain) {
        const queries = await capture(() => op.run(1));
        plan = mergeUse(await Promise.all(queries.map((q) => explainUse(client, q.text, q.params))));
      }
      const note = op.note ? await op.note() : undefined;
      figures.results.push({ name: op.name + suffix, label: op.label, targetMs: op.targetMs, sample, plan, note });
    };
    for (const op of baselines(db, shape)) await run(op, RUNS, false);
    for (const op of operations(db, shape)) await run(op, RUNS, true);
    await run(rawEventReport(db, shape), 3, true);
  } finally {
    await client.end();
  }
}

async function sizes(admin: postgres.Sql): Promise<Record<string, string>> {
  const c = postgres(URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await c<{ name: string; size: string }[]>`
      select relname as name, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
      where relname in ('tickets', 'dispatches', 'ticket_events', 'contacts', 'kpi_daily', 'kpi_monthly',
        'kpi_cubes', 'kpi_month_cubes')`;
    const [db] = await admin<{ size: string }[]>`select pg_size_pretty(pg_database_size(${DB_NAME})) as size`;
    return { ...Object.fromEntries(rows.map((r) => [r.name, r.size])), database: db?.size ?? '?' };
  } finally {
    await c.end();
  }
}

function report(figures: Figures): void {
  // Ratios are to the primary-key read measured in the same phase (before or after the archive move).
  const pkOf = (name: string) =>
    figures.results.find((r) => r.name === (name.endsWith('+arch') ? 'pk+arch' : 'pk'))?.sample.p50 ?? 1;
  const lines = [
    '',
    `history bench: ${N.toLocaleString()} tickets` +
      (figures.generate
        ? `, ${figures.generate.dispatches.toLocaleString()} dispatches, ${figures.generate.events.toLocaleString()} events`
        : ''),
  ];
  if (figures.generate) {
    const idx = (figures.indexes ?? []).reduce((a, i) => a + i.seconds, 0);
    lines.push(
      `generation ${figures.generate.seconds.toFixed(0)} s, index build ${idx.toFixed(0)} s, KPI rollups ${figures.kpiSeconds?.toFixed(0)} s, vacuum analyze ${figures.vacuumSeconds?.toFixed(0)} s`,
    );
  }
  if (figures.sizes)
    lines.push(
      `sizes: ${Object.entries(figures.sizes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  const a = figures.archive;
  if (a) {
    const mb = (b: number) => `${Math.round(b / 1048576).toLocaleString()} MB`;
    lines.push(
      `archive (closed > ${a.days} days): moved ${a.moved.toLocaleString()} in ${a.moveSeconds.toFixed(0)} s; hot ${a.hotRows.toLocaleString()} rows ${mb(a.hotBytes)}, archive ${a.archivedRows.toLocaleString()} rows ${mb(a.archiveBytes)}; '+arch' rows are measured after the move`,
    );
  }
  lines.push('');
  for (const r of figures.results) {
    const ok = r.targetMs === 0 ? '    ' : r.sample.p95 <= r.targetMs ? ' OK ' : 'SLOW';
    const target = r.targetMs ? `≤ ${r.targetMs} ms` : 'baseline';
    lines.push(
      `${ok} ${r.name.padEnd(10)} p50 ${fmt(r.sample.p50).padStart(7)} ms  p95 ${fmt(r.sample.p95).padStart(7)} ms  (${target}; ${(r.sample.p50 / pkOf(r.name)).toFixed(1)}× pk)  ${r.label}`,
    );
    if (r.plan) {
      lines.push(
        `       indexes: ${r.plan.indexes.join(', ') || '(none)'}   seq scans: ${r.plan.seqScans.join(', ') || '(none)'}   (server time of the explained run ${fmt(r.plan.executionMs)} ms)`,
      );
    }
    if (r.note) lines.push(`       ${r.note}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
const figures: Figures = { results: [] };
try {
  await prepare(admin, figures);
  await measure(figures);
  figures.sizes = await sizes(admin);
  const archiveDays = Number(args['archive-days']);
  if (archiveDays > 0) {
    const loader = postgres(URL, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
    try {
      figures.archive = await archivePhase(loader, URL, archiveDays, log);
    } finally {
      await loader.end();
    }
    await measure(figures, '+arch');
  }
  report(figures);
  mkdirSync('bench/output', { recursive: true });
  writeFileSync(`bench/output/history-${N}.json`, JSON.stringify({ tickets: N, at: new Date(), ...figures }, null, 2));
} finally {
  if (!args.keep) {
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
    log(`dropped ${DB_NAME}`);
  }
  await admin.end();
}
