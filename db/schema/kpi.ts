import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { EVENT_COUNTERS } from '../../domain/kpi/counters.ts';
import type { DispatchFacts, TicketFacts } from '../../domain/kpi/fold.ts';
import { tstz } from './columns.ts';

const counterColumn = () => integer().notNull().default(0);
type CounterColumns = { [K in (typeof EVENT_COUNTERS)[number]]: ReturnType<typeof counterColumn> };

/** One integer column per event counter (domain/kpi/counters.ts), snake_case in SQL. */
function counterColumns(): CounterColumns {
  return Object.fromEntries(EVENT_COUNTERS.map((c) => [c, counterColumn()])) as CounterColumns;
}

/**
 * KPI rollup per local day (Asia/Shanghai) × unit × category × channel. unit_id 0 = centre level (no
 * handling unit), category_id 0 = not classified. Kept by the KPI worker from the event log; rebuildable.
 */
export const kpiDaily = pgTable(
  'kpi_daily',
  {
    day: date({ mode: 'string' }).notNull(),
    unitId: integer().notNull(),
    categoryId: integer().notNull(),
    channel: text().notNull(),
    ...counterColumns(),
  },
  (t) => [primaryKey({ columns: [t.day, t.unitId, t.categoryId, t.channel] })],
);

/** The same counters per month (day = first of the month): a month or quarter report reads ~30× fewer rows. */
export const kpiMonthly = pgTable(
  'kpi_monthly',
  {
    month: date({ mode: 'string' }).notNull(),
    unitId: integer().notNull(),
    categoryId: integer().notNull(),
    channel: text().notNull(),
    ...counterColumns(),
  },
  (t) => [primaryKey({ columns: [t.month, t.unitId, t.categoryId, t.channel] })],
);

/**
 * Coarser cuts of the same counters, so a report reads the fewest rows that answer it: daily grains d
 * (day × channel), du (× unit × channel), dc (× category × channel) here; monthly grains in
 * kpi_month_cubes, apart, so that a month's rows sit on few pages. A dimension a grain does not keep is -1
 * (unit, category) or '*' (channel). Kept by the same fold (domain/kpi/cubes.ts).
 */
export const kpiCubes = pgTable(
  'kpi_cubes',
  {
    grain: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    unitId: integer().notNull(),
    categoryId: integer().notNull(),
    channel: text().notNull(),
    ...counterColumns(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.day, t.unitId, t.categoryId, t.channel] })],
);

/** Monthly grains m (month × channel), mu (× unit × channel), mc (× category × channel), muc (× unit × category). */
export const kpiMonthCubes = pgTable(
  'kpi_month_cubes',
  {
    grain: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    unitId: integer().notNull(),
    categoryId: integer().notNull(),
    channel: text().notNull(),
    ...counterColumns(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.day, t.unitId, t.categoryId, t.channel] })],
);

/** Inbound call counters per local day, recomputed from the calls table (call rows change as CTI events arrive). */
export const kpiCallsDaily = pgTable('kpi_calls_daily', {
  day: date({ mode: 'string' }).primaryKey(),
  callsOffered: integer().notNull().default(0),
  callsAnswered: integer().notNull().default(0),
  callsAnsweredTimely: integer().notNull().default(0),
  callsMissed: integer().notNull().default(0),
  waitSecondsSum: bigint({ mode: 'number' }).notNull().default(0),
  updatedAt: tstz().notNull().defaultNow(),
});

/** Per-ticket state the fold needs (domain/kpi/fold.ts TicketFacts). */
export const kpiTicketFacts = pgTable('kpi_ticket_facts', {
  ticketId: integer().primaryKey(),
  facts: jsonb().$type<TicketFacts>().notNull(),
});

/** Per-dispatch state the fold needs (domain/kpi/fold.ts DispatchFacts). */
export const kpiDispatchFacts = pgTable('kpi_dispatch_facts', {
  dispatchId: integer().primaryKey(),
  facts: jsonb().$type<DispatchFacts>().notNull(),
});

/**
 * Where the fold stands in the event log. Advanced in the same transaction as the rollup upserts, so a
 * crash never counts an event twice or loses one. A gap in event ids (a transaction still in flight, or
 * rolled back) holds the watermark until every transaction that was running when the gap was first seen
 * has ended (hole_xmax = pg_snapshot_xmax then).
 */
export const kpiCursor = pgTable('kpi_cursor', {
  name: text().primaryKey(),
  watermark: bigint({ mode: 'number' }).notNull().default(0),
  holeStart: bigint({ mode: 'number' }),
  holeXmax: bigint({ mode: 'number' }),
  holeSeenAt: tstz(),
  /** The transactions in flight when the gap was seen (comma-separated xid8): the gap settles when all end. */
  holeXips: text(),
  /** Gaps at or below this id are known to be permanent (used when a rebuild replays old events). */
  safeUpto: bigint({ mode: 'number' }).notNull().default(0),
  eventsFolded: bigint({ mode: 'number' }).notNull().default(0),
  callsSyncedAt: tstz(),
  lastRunAt: tstz(),
  rebuiltAt: tstz(),
});

/**
 * A published (frozen) period: its figures as JSON, and the event watermark they were computed at. A
 * trigger (migration kpi_frozen) refuses UPDATE and DELETE: published figures never change.
 */
export const kpiPeriods = pgTable(
  'kpi_periods',
  {
    id: serial().primaryKey(),
    kind: text().notNull(), // month | quarter
    key: text().notNull(), // 2026-10 | 2026-Q4
    fromDay: date({ mode: 'string' }).notNull(),
    toDay: date({ mode: 'string' }).notNull(),
    watermark: bigint({ mode: 'number' }).notNull(),
    figures: jsonb().$type<Record<string, unknown>>().notNull(),
    publishedAt: tstz().notNull(),
    publishedById: integer(),
  },
  (t) => [uniqueIndex('kpi_periods_kind_key_uq').on(t.kind, t.key), index('kpi_periods_days_idx').on(t.fromDay)],
);

/** Counts that arrived after a period was published (late events, call records corrected later). */
export const kpiCorrections = pgTable(
  'kpi_corrections',
  {
    periodId: integer().notNull(),
    unitId: integer().notNull(),
    counter: text().notNull(),
    n: integer().notNull().default(0),
    lastEventId: bigint({ mode: 'number' }).notNull().default(0),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.unitId, t.counter] })],
);

/** Correction notes a supervisor writes under a published period (the figures themselves stay frozen). */
export const kpiPeriodNotes = pgTable(
  'kpi_period_notes',
  {
    id: serial().primaryKey(),
    periodId: integer().notNull(),
    body: text().notNull(),
    authorId: integer(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [index('kpi_period_notes_period_idx').on(t.periodId, t.id)],
);
