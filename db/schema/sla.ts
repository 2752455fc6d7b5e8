import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ClockEvent, ClockKind, ClockLimit, ClockStatus, LimitUnit, SegmentKind } from '../../domain/sla/types.ts';
import { timestamps, tstz } from './columns.ts';
import { priority, ticketType } from './enums.ts';

export interface PolicyLimit {
  value: number;
  unit: LimitUnit;
}

/**
 * Time limits per ticket type, priority and category. The first active policy by `position` (explicit
 * order, never by name) whose non-null criteria all match wins.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    position: integer().notNull(),
    active: boolean().notNull().default(true),
    ticketType: ticketType(),
    priority: priority(),
    /** Matches this category and all its descendants. */
    categoryId: integer(),
    limits: jsonb().$type<Partial<Record<ClockKind, PolicyLimit>>>().notNull(),
    /** Yellow warning at this share of the window; null = none. */
    warnPercent: integer(),
    /** Kinds that get the yellow warning (sign windows are too short to warn about). */
    warnKinds: jsonb().$type<ClockKind[]>().notNull().default(['handle']),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [index('sla_policies_position_idx').on(t.position)],
);

/**
 * One SLA clock. Its truth is the segment history below; dueAt/warnAt are the derived current
 * deadline (null while paused), stored so the timer sweep and overdue lists are index scans.
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull(),
    dispatchId: integer(),
    unitId: integer(),
    kind: text().$type<ClockKind>().notNull(),
    status: text().$type<ClockStatus>().notNull().default('running'),
    /** 1 + number of restarts (re-handle rounds on the same clock). */
    round: integer().notNull().default(1),
    policyId: integer(),
    /** 'policy': limit resolved from policies (re-resolved when they change); 'explicit': given by the caller. */
    limitSource: text().$type<'policy' | 'explicit'>().notNull(),
    limit: jsonb().$type<ClockLimit>().notNull(),
    warnPercent: integer(),
    /** null = the built-in default calendar (no 'default' row) or an elapsed-time limit. */
    calendarId: integer(),
    calendarVersion: integer(),
    startedAt: tstz().notNull(),
    dueAt: tstz(),
    warnAt: tstz(),
    pausedAt: tstz(),
    stoppedAt: tstz(),
    stopReason: text(),
    warnedAt: tstz(),
    breachedAt: tstz(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('sla_clocks_ticket_idx').on(t.ticketId, t.kind),
    index('sla_clocks_dispatch_idx').on(t.dispatchId, t.kind),
    index('sla_clocks_due_idx').on(t.dueAt).where(sql`status = 'running'`),
    index('sla_clocks_warn_idx').on(t.warnAt).where(sql`status = 'running'`),
    index('sla_clocks_open_idx').on(t.id).where(sql`status <> 'stopped'`),
    index('sla_clocks_calendar_idx').on(t.calendarId).where(sql`status <> 'stopped'`),
    uniqueIndex('sla_clocks_one_open_uq')
      .on(t.ticketId, sql`coalesce(dispatch_id, 0)`, t.kind)
      .where(sql`status <> 'stopped'`),
  ],
);

/** Append-only history of a clock: every deadline it ever had, who moved it and why. */
export const slaClockSegments = pgTable(
  'sla_clock_segments',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    clockId: integer().notNull(),
    kind: text().$type<SegmentKind>().notNull(),
    /** When the change took effect. */
    at: tstz().notNull(),
    recordedAt: tstz().notNull().defaultNow(),
    actorId: integer(),
    reason: text(),
    oldDueAt: tstz(),
    newDueAt: tstz(),
    /** started/restarted: limit, warnPercent, calendarId, policyId; recomputed: what changed. */
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('sla_clock_segments_clock_idx').on(t.clockId, t.id)],
);

/**
 * The timer state guard: one row per (clock, event, target deadline) that fired. A job that runs twice,
 * late, or after the deadline moved finds its row (or a different target) and does nothing.
 */
export const slaTimerFirings = pgTable(
  'sla_timer_firings',
  {
    clockId: integer().notNull(),
    event: text().$type<ClockEvent>().notNull(),
    targetAt: tstz().notNull(),
    firedAt: tstz().notNull(),
    /** firedAt minus the event's scheduled instant, for the lag figures. */
    lagMs: integer().notNull().default(0),
    via: text().notNull().default('job'),
  },
  (t) => [primaryKey({ columns: [t.clockId, t.event, t.targetAt] })],
);

/** A batch recomputation of open deadlines after a calendar or policy change, with its progress. */
export const slaRecomputeRuns = pgTable('sla_recompute_runs', {
  id: serial().primaryKey(),
  /** calendar | policies | unit | all */
  scope: text().notNull(),
  scopeId: integer(),
  reason: text().notNull(),
  requestedById: integer(),
  /** pending | running | done | failed */
  status: text().notNull().default('pending'),
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  moved: integer().notNull().default(0),
  /** Last clock id done: a crashed run resumes here. */
  cursor: integer().notNull().default(0),
  error: text(),
  startedAt: tstz(),
  finishedAt: tstz(),
  ...timestamps,
});
