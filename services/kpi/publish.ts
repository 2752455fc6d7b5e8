/**
 * Publishing a month or quarter: its figures are computed once from the rollups, stored as JSON with the
 * event watermark they reflect, and never change (a trigger refuses UPDATE/DELETE on kpi_periods).
 * Events for the period that are folded later (id above that watermark) land in kpi_corrections, shown
 * as a correction note beside the frozen figures; call records corrected later show up as the difference
 * between today's call counters and the frozen ones.
 */
import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import {
  ALL_COUNTERS,
  CALL_COUNTERS,
  COUNTER_LABELS,
  type Counter,
  type Counters,
  zeroCounters,
} from '../../domain/kpi/counters.ts';
import { computeKpis, KPI_DEFINITIONS, type KpiCode, type KpiValues } from '../../domain/kpi/definitions.ts';
import { type Period, type PeriodKind, parsePeriod, periodEnd, periodLabel } from '../../domain/kpi/periods.ts';
import { type RankEntry, rankUnits } from '../../domain/kpi/rankings.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { syncCallDays } from './calls.ts';
import { CURSOR, catchUp, ensureCursor } from './maintain.ts';
import { rankableRows } from './rankings.ts';
import { centreUnit, kpiReport, type ReportRow } from './report.ts';

export const PUBLISHABLE_KINDS = ['month', 'quarter'] as const;
export type PublishableKind = (typeof PUBLISHABLE_KINDS)[number];

/** KPIs that are a unit's own doing, ranked in every published period. */
export const RANKED_KPIS: KpiCode[] = [
  'onTimeSignRate',
  'onTimeCompletionRate',
  'resolutionRate',
  'satisfactionRate',
  'returnRate',
  'extensionRate',
  'rehandleRate',
];

/** How long publishing may spend folding pending events before it gives up (409, try again later). */
export const PUBLISH_CATCH_UP_MS = 30_000;

/** Fewer than this many in the denominator: listed, not ranked. */
export const PUBLISHED_MIN_DENOMINATOR = 5;

export interface FigureRow {
  key: string | null;
  label: string;
  counters: Partial<Counters>;
  kpis: Record<KpiCode, number | null>;
}

export interface PublishedFigures {
  period: Period & { label: string };
  definitions: Array<{ code: KpiCode; name: string; formula: string }>;
  total: FigureRow;
  byUnit: FigureRow[];
  byCategory: FigureRow[];
  byChannel: FigureRow[];
  rankings: Partial<Record<KpiCode, RankEntry[]>>;
  watermark: number;
  computedAt: string;
}

export interface PublishedPeriod {
  id: number;
  kind: string;
  key: string;
  label: string;
  from: string;
  to: string;
  watermark: number;
  publishedAt: string;
  publishedById: number | null;
  figures: PublishedFigures;
}

const compact = (c: Counters): Partial<Counters> => {
  const out: Partial<Counters> = {};
  for (const n of ALL_COUNTERS) if (c[n]) out[n] = c[n];
  return out;
};

const values = (k: KpiValues) =>
  Object.fromEntries(Object.entries(k).map(([code, v]) => [code, v.value])) as Record<KpiCode, number | null>;

function figureRow(r: ReportRow | { keys: []; counters: Counters; kpis: KpiValues }, label?: string): FigureRow {
  const key = r.keys[0];
  return {
    key: key?.key ?? null,
    label: label ?? key?.label ?? '合计',
    counters: compact(r.counters),
    kpis: values(r.kpis),
  };
}

export function parsePublishable(kind: string, key: string): Period {
  if (!(PUBLISHABLE_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('validation', '只能发布月度或季度数据', {
      fields: [{ path: 'kind', message: 'month | quarter' }],
    });
  }
  try {
    return parsePeriod(kind as PeriodKind, key);
  } catch {
    throw new AppError('validation', `统计期 ${key} 有误`, {
      fields: [{ path: 'key', message: kind === 'month' ? '格式 2026-10' : '格式 2026-Q4' }],
    });
  }
}

/** The figures of a period as the rollups say now (used to freeze them, and for previews). */
export async function computeFigures(db: Executor, p: Period, watermark: number, now: Date): Promise<PublishedFigures> {
  const range = { from: p.from, to: p.to };
  const [total, byUnit, byCategory, byChannel] = await Promise.all([
    kpiReport(db, range),
    kpiReport(db, { ...range, groupBy: ['unit'] }),
    kpiReport(db, { ...range, groupBy: ['category'] }),
    kpiReport(db, { ...range, groupBy: ['channel'] }),
  ]);
  const centre = await centreUnit(db);
  const units = rankableRows(byUnit.rows, centre?.id ?? null).map((r) => ({
    id: Number(r.keys[0]?.key),
    name: r.keys[0]?.label ?? '',
    counters: r.counters,
  }));
  const rankings: Partial<Record<KpiCode, RankEntry[]>> = {};
  for (const kpi of RANKED_KPIS) rankings[kpi] = rankUnits(units, kpi, PUBLISHED_MIN_DENOMINATOR);
  return {
    period: { ...p, label: periodLabel(p) },
    definitions: KPI_DEFINITIONS.map((d) => ({ code: d.code, name: d.name, formula: d.formula })),
    total: figureRow(total.total, '合计'),
    byUnit: byUnit.rows.map((r) => figureRow(r)),
    byCategory: byCategory.rows.map((r) => figureRow(r)),
    byChannel: byChannel.rows.map((r) => figureRow(r)),
    rankings,
    watermark,
    computedAt: now.toISOString(),
  };
}

interface PeriodRow {
  id: number;
  kind: string;
  key: string;
  from_day: string;
  to_day: string;
  watermark: string | number;
  figures: PublishedFigures;
  published_at: Date | string;
  published_by_id: number | null;
}

function toPublished(r: PeriodRow): PublishedPeriod {
  return {
    id: Number(r.id),
    kind: r.kind,
    key: r.key,
    label: r.figures.period?.label ?? r.key,
    from: r.from_day,
    to: r.to_day,
    watermark: Number(r.watermark),
    publishedAt: new Date(r.published_at).toISOString(),
    publishedById: r.published_by_id === null ? null : Number(r.published_by_id),
    figures: r.figures,
  };
}

const PERIOD_COLS = sql.raw(
  'id, kind, key, from_day::text as from_day, to_day::text as to_day, watermark, figures, published_at, published_by_id',
);

/**
 * Freezes a month or quarter that has ended. Catches the fold up first, then, holding the cursor lock
 * (so no batch lands in between), computes the figures and stores them with the watermark.
 */
export async function publishPeriod(
  db: Db,
  input: { kind: string; key: string; actorId: number | null },
  now: Date,
): Promise<PublishedPeriod> {
  const p = parsePublishable(input.kind, input.key);
  if (now.getTime() < periodEnd(p).getTime()) {
    throw conflict(`${periodLabel(p)}尚未结束，不能发布`, { endsAt: periodEnd(p).toISOString() });
  }
  await ensureCursor(db);
  await syncCallDays(db, { from: p.from, to: p.to });
  const caught = await catchUp(db, { wait: true, maxMs: PUBLISH_CATCH_UP_MS });
  if (!caught.caughtUp) {
    // Publishing now would freeze figures that miss events already in the log (e.g. during a rebuild).
    throw conflict('统计汇总尚未追上事件日志，请稍后再发布', { watermark: caught.watermark });
  }
  return db.transaction(async (tx) => {
    const [cur] = await queryRows<{ watermark: string | number }>(
      tx,
      sql`select watermark from kpi_cursor where name = ${CURSOR} for update`,
    );
    const [existing] = await queryRows<{ id: number }>(
      tx,
      sql`select id from kpi_periods where kind = ${p.kind} and key = ${p.key}`,
    );
    if (existing) throw conflict(`${periodLabel(p)}已发布，发布后的数据不再修改`, { periodId: Number(existing.id) });
    const watermark = Number(cur?.watermark ?? 0);
    const figures = await computeFigures(tx, p, watermark, now);
    const [row] = await queryRows<PeriodRow>(
      tx,
      sql`insert into kpi_periods (kind, key, from_day, to_day, watermark, figures, published_at, published_by_id)
          values (${p.kind}, ${p.key}, ${p.from}::date, ${p.to}::date, ${watermark}, ${JSON.stringify(figures)}::jsonb,
            ${now.toISOString()}::timestamptz, ${input.actorId})
          on conflict (kind, key) do nothing
          returning ${PERIOD_COLS}`,
    );
    if (!row) throw conflict(`${periodLabel(p)}已发布，发布后的数据不再修改`);
    return toPublished(row);
  });
}

export async function listPublished(db: Executor, kind?: string): Promise<PublishedPeriod[]> {
  const rows = await queryRows<PeriodRow>(
    db,
    sql`select ${PERIOD_COLS} from kpi_periods ${kind ? sql`where kind = ${kind}` : sql``} order by from_day desc, kind`,
  );
  return rows.map(toPublished);
}

export async function findPublished(db: Executor, kind: string, key: string): Promise<PublishedPeriod | null> {
  const [row] = await queryRows<PeriodRow>(
    db,
    sql`select ${PERIOD_COLS} from kpi_periods where kind = ${kind} and key = ${key}`,
  );
  return row ? toPublished(row) : null;
}

export async function getPublished(db: Executor, id: number): Promise<PublishedPeriod> {
  const [row] = await queryRows<PeriodRow>(db, sql`select ${PERIOD_COLS} from kpi_periods where id = ${id}`);
  if (!row) throw notFound('发布期');
  return toPublished(row);
}

export interface CorrectionNote {
  periodId: number;
  /** Counter → how much arrived after publication (events, and call records recomputed since). */
  total: Partial<Record<Counter, number>>;
  byUnit: Array<{ unitId: number; unitName: string; counters: Partial<Record<Counter, number>> }>;
  /** The frozen figures with the corrections applied: for information, the published ones stay official. */
  correctedKpis: Record<KpiCode, number | null>;
  /** Human-readable lines, e.g. "按时办结 +2（市城市管理局 +2）". */
  lines: string[];
  lastEventId: number | null;
  notes: Array<{ id: number; body: string; authorId: number | null; createdAt: string }>;
}

export async function correctionNote(db: Executor, period: PublishedPeriod): Promise<CorrectionNote> {
  const rows = await queryRows<{
    unit_id: number;
    counter: string;
    n: number;
    last_event_id: string;
    name: string | null;
  }>(
    db,
    sql`select c.unit_id, c.counter, c.n, c.last_event_id, u.name
        from kpi_corrections c left join units u on u.id = c.unit_id
        where c.period_id = ${period.id} and c.n <> 0 order by c.unit_id, c.counter`,
  );
  const total: Partial<Record<Counter, number>> = {};
  const units = new Map<number, { unitId: number; unitName: string; counters: Partial<Record<Counter, number>> }>();
  let lastEventId: number | null = null;
  for (const r of rows) {
    const counter = r.counter as Counter;
    total[counter] = (total[counter] ?? 0) + Number(r.n);
    const unitId = Number(r.unit_id);
    let u = units.get(unitId);
    if (!u) {
      u = { unitId, unitName: unitId === 0 ? '热线中心' : (r.name ?? `单位#${unitId}`), counters: {} };
      units.set(unitId, u);
    }
    u.counters[counter] = (u.counters[counter] ?? 0) + Number(r.n);
    lastEventId = Math.max(lastEventId ?? 0, Number(r.last_event_id));
  }
  // Call records are recomputed, not folded: their correction is today's count minus the frozen one.
  const live = await kpiReport(db, { from: period.from, to: period.to });
  for (const c of CALL_COUNTERS) {
    const diff = live.total.counters[c] - (period.figures.total.counters[c] ?? 0);
    if (diff !== 0) total[c] = diff;
  }
  const corrected = zeroCounters();
  for (const n of ALL_COUNTERS) corrected[n] = (period.figures.total.counters[n] ?? 0) + (total[n] ?? 0);
  const lines: string[] = [];
  for (const [counter, n] of Object.entries(total) as Array<[Counter, number]>) {
    const who = [...units.values()]
      .filter((u) => u.counters[counter])
      .map((u) => `${u.unitName} ${signed(u.counters[counter] ?? 0)}`);
    lines.push(`${COUNTER_LABELS[counter]} ${signed(n)}${who.length ? `（${who.join('，')}）` : ''}`);
  }
  const notes = await queryRows<{ id: number; body: string; author_id: number | null; created_at: Date | string }>(
    db,
    sql`select id, body, author_id, created_at from kpi_period_notes where period_id = ${period.id} order by id`,
  );
  return {
    periodId: period.id,
    total,
    byUnit: [...units.values()],
    correctedKpis: values(computeKpis(corrected)),
    lines,
    lastEventId,
    notes: notes.map((n) => ({
      id: Number(n.id),
      body: n.body,
      authorId: n.author_id === null ? null : Number(n.author_id),
      createdAt: new Date(n.created_at).toISOString(),
    })),
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export async function addPeriodNote(
  db: Executor,
  periodId: number,
  body: string,
  authorId: number | null,
  now: Date,
): Promise<{ id: number }> {
  await getPublished(db, periodId);
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into kpi_period_notes (period_id, body, author_id, created_at)
        values (${periodId}, ${body}, ${authorId}, ${now.toISOString()}::timestamptz) returning id`,
  );
  return { id: Number(row?.id) };
}
