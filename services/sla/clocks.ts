import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, slaClockSegments, slaClocks, tickets } from '../../db/schema/index.ts';
import {
  type ClockKind,
  type ClockLimit,
  DEFAULT_HANDLE_WARN_PERCENT,
  type DerivedClock,
  deriveClock,
  type LimitInput,
  limitFromInput,
  resolveLimit,
  type SegmentFact,
  type SegmentKind,
} from '../../domain/sla/index.ts';
import { type CalendarRef, calendarById, calendarForUnit } from '../calendars.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvents } from '../events.ts';
import { loadPolicyRules, loadTicketFacts } from './policies.ts';

export type { ClockEvent, ClockKind } from '../../domain/sla/index.ts';

export type ClockRow = typeof slaClocks.$inferSelect;
export type SegmentRow = typeof slaClockSegments.$inferSelect;
/** What timer handlers receive: the clock as stored when its event fired. */
export type OpenClock = ClockRow;

export interface StartClockInput {
  ticketId: number;
  dispatchId?: number | null;
  unitId?: number | null;
  kind: ClockKind;
  startAt: Date;
  /** Omitted: resolved from the SLA policy matching the ticket (type, priority, category). */
  limit?: LimitInput;
  /** Yellow warning percentage; omitted: from the policy (handle clocks 75% by default). */
  warnPercent?: number | null;
  actorId?: number | null;
  reason?: string;
}

export interface StartedClock {
  clockId: number;
  dueAt: Date;
  warnAt: Date | null;
}

export interface ClockTarget {
  ticketId?: number;
  dispatchId?: number | null;
  kind?: ClockKind;
}

export function factOf(s: Pick<SegmentRow, 'kind' | 'at' | 'newDueAt' | 'data'>): SegmentFact {
  const d = s.data as { limit?: ClockLimit; warnPercent?: number | null };
  return {
    kind: s.kind,
    at: s.at,
    limit: d.limit ?? null,
    warnPercent: d.warnPercent === undefined ? undefined : d.warnPercent,
    newDueAt: s.kind === 'extended' ? s.newDueAt : null,
  };
}

export async function loadSegments(tx: Executor, clockId: number): Promise<SegmentRow[]> {
  return tx
    .select()
    .from(slaClockSegments)
    .where(eq(slaClockSegments.clockId, clockId))
    .orderBy(asc(slaClockSegments.id));
}

/** The deadline columns a clock's derivation sets on its row. */
export function clockColumns(d: DerivedClock) {
  return {
    status: d.status,
    round: d.round,
    limit: d.limit,
    warnPercent: d.warnPercent,
    startedAt: d.startedAt,
    // Paused: no current deadline (nothing can breach). Stopped: keep the last one, for "met in time?".
    dueAt: d.status === 'paused' ? null : d.lastDueAt,
    warnAt: d.warnAt,
    pausedAt: d.pausedAt,
    stoppedAt: d.stoppedAt,
  };
}

/**
 * Copies a clock's current deadline to the denormalised columns lists and filters read:
 * sign → dispatches.sign_due_at; handle → dispatches.handle_due_at and, for the lead dispatch (or a
 * ticket-level clock), tickets.due_at. The clock history stays the truth.
 */
export async function syncDenormalised(
  tx: Executor,
  clock: Pick<ClockRow, 'ticketId' | 'dispatchId' | 'kind'>,
  dueAt: Date | null,
): Promise<void> {
  if (clock.kind === 'sign' && clock.dispatchId) {
    await tx.update(dispatches).set({ signDueAt: dueAt }).where(eq(dispatches.id, clock.dispatchId));
  }
  if (clock.kind !== 'handle') return;
  if (clock.dispatchId) {
    const [d] = await tx
      .update(dispatches)
      .set({ handleDueAt: dueAt })
      .where(eq(dispatches.id, clock.dispatchId))
      .returning({ role: dispatches.role });
    if (d && d.role !== 'lead') return;
  }
  await tx.update(tickets).set({ dueAt }).where(eq(tickets.id, clock.ticketId));
}

export interface NewSegment {
  kind: SegmentKind;
  at: Date;
  actorId?: number | null;
  reason?: string | null;
  newDueAt?: Date | null;
  data?: Record<string, unknown>;
}

/**
 * Appends one segment to a (locked) clock, re-derives its deadline on its calendar and saves the
 * result. The single write path for every change after start.
 */
export async function appendSegment(
  tx: Executor,
  deps: Deps,
  clock: ClockRow,
  seg: NewSegment,
  calendar?: CalendarRef,
): Promise<{ clock: ClockRow; derived: DerivedClock }> {
  const rows = await loadSegments(tx, clock.id);
  const cal = calendar ?? (await calendarById(tx, clock.calendarId));
  const fact = factOf({ kind: seg.kind, at: seg.at, newDueAt: seg.newDueAt ?? null, data: seg.data ?? {} });
  const derived = deriveClock(cal.calendar, [...rows.map(factOf), fact]);
  const cols = clockColumns(derived);
  const oldDue = clock.status === 'paused' ? null : clock.dueAt;
  await tx.insert(slaClockSegments).values({
    clockId: clock.id,
    kind: seg.kind,
    at: seg.at,
    recordedAt: deps.clock.now(),
    actorId: seg.actorId ?? null,
    reason: seg.reason ?? null,
    oldDueAt: oldDue,
    newDueAt: cols.dueAt,
    data: seg.data ?? {},
  });
  // A new window (extension, re-handle) deserves its own yellow and red; a pause does not.
  const reset = seg.kind === 'extended' || seg.kind === 'restarted' ? { warnedAt: null, breachedAt: null } : {};
  const [updated] = await tx
    .update(slaClocks)
    .set({
      ...cols,
      ...reset,
      calendarId: cal.id,
      calendarVersion: cal.version,
      stopReason: seg.kind === 'stopped' ? (seg.reason ?? null) : seg.kind === 'restarted' ? null : clock.stopReason,
      version: sql`${slaClocks.version} + 1`,
      updatedAt: deps.clock.now(),
    })
    .where(eq(slaClocks.id, clock.id))
    .returning();
  if (!updated) throw new Error(`clock ${clock.id} vanished`);
  if (seg.kind !== 'stopped') await syncDenormalised(tx, updated, cols.dueAt);
  return { clock: updated, derived };
}

function targetWhere(t: ClockTarget, open: SQL): SQL | undefined {
  const conds: Array<SQL | undefined> = [open];
  if (t.dispatchId != null) conds.push(eq(slaClocks.dispatchId, t.dispatchId));
  if (t.ticketId != null) conds.push(eq(slaClocks.ticketId, t.ticketId));
  if (t.kind) conds.push(eq(slaClocks.kind, t.kind));
  if (t.dispatchId == null && t.ticketId == null)
    throw new AppError('bad_request', 'clock target needs ticketId or dispatchId');
  return and(...conds);
}

async function lockClocks(tx: Executor, where: SQL | undefined): Promise<ClockRow[]> {
  return tx.select().from(slaClocks).where(where).orderBy(asc(slaClocks.id)).for('update');
}

/**
 * Starts a clock (contracts.md). Limit: the caller's, else the SLA policy matching the ticket; calendar:
 * the unit's (dispatch's unit when unitId is omitted), else 'default'. An open clock of the same
 * (ticket, dispatch, kind) started at the same instant is returned as is (a retried call); one started
 * at another instant is stopped as superseded. Writes the denormalised deadline columns. Call
 * scheduleClockTimers(deps, [clockId]) after the transaction commits.
 */
export async function startClock(tx: Executor, deps: Deps, input: StartClockInput): Promise<StartedClock> {
  let unitId = input.unitId ?? null;
  if (input.dispatchId != null && unitId === null) {
    const [d] = await tx
      .select({ unitId: dispatches.unitId })
      .from(dispatches)
      .where(eq(dispatches.id, input.dispatchId));
    unitId = d?.unitId ?? null;
  }
  const existing = await lockClocks(
    tx,
    and(
      eq(slaClocks.ticketId, input.ticketId),
      input.dispatchId != null ? eq(slaClocks.dispatchId, input.dispatchId) : sql`${slaClocks.dispatchId} is null`,
      eq(slaClocks.kind, input.kind),
      ne(slaClocks.status, 'stopped'),
    ),
  );
  for (const old of existing) {
    if (old.startedAt.getTime() === input.startAt.getTime() && old.status === 'running' && old.dueAt) {
      return { clockId: old.id, dueAt: old.dueAt, warnAt: old.warnAt };
    }
    await appendSegment(tx, deps, old, {
      kind: 'stopped',
      at: input.startAt,
      reason: 'superseded',
      actorId: input.actorId,
    });
  }

  let limit: ClockLimit;
  let warnPercent: number | null;
  let policyId: number | null = null;
  let source: string;
  // An explicit limit needs no policy lookup: its warning defaults to DEFAULT_HANDLE_WARN_PERCENT for handling clocks.
  const needPolicy = !input.limit;
  const resolved = needPolicy
    ? await (async () => {
        const { facts, category } = await loadTicketFacts(tx, input.ticketId);
        return resolveLimit(await loadPolicyRules(tx), facts, input.kind, category);
      })()
    : null;
  if (input.limit) {
    try {
      limit = limitFromInput(input.limit);
    } catch (err) {
      throw new AppError('validation', `时限有误：${(err as Error).message}`, {
        fields: [{ path: 'limit', message: (err as Error).message }],
      });
    }
    warnPercent =
      input.warnPercent !== undefined
        ? input.warnPercent
        : input.kind === 'handle'
          ? DEFAULT_HANDLE_WARN_PERCENT
          : null;
    source = 'explicit';
  } else {
    if (!resolved) throw new AppError('validation', `没有适用于 ${input.kind} 时钟的时限策略`);
    limit = resolved.limit;
    policyId = resolved.policyId;
    warnPercent = input.warnPercent !== undefined ? input.warnPercent : resolved.warnPercent;
    source = resolved.source;
  }

  const cal = await calendarForUnit(tx, unitId);
  const data = { limit, warnPercent, calendarId: cal.id, calendarCode: cal.code, policyId, source };
  const derived = deriveClock(cal.calendar, [{ kind: 'started', at: input.startAt, limit, warnPercent }]);
  const now = deps.clock.now();
  const [row] = await tx
    .insert(slaClocks)
    .values({
      ticketId: input.ticketId,
      dispatchId: input.dispatchId ?? null,
      unitId,
      kind: input.kind,
      limitSource: source === 'explicit' ? 'explicit' : 'policy',
      policyId,
      calendarId: cal.id,
      calendarVersion: cal.version,
      ...clockColumns(derived),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row || !derived.dueAt) throw new Error('clock not inserted');
  await tx.insert(slaClockSegments).values({
    clockId: row.id,
    kind: 'started',
    at: input.startAt,
    recordedAt: now,
    actorId: input.actorId ?? null,
    reason: input.reason ?? null,
    newDueAt: derived.dueAt,
    data,
  });
  await syncDenormalised(tx, row, derived.dueAt);
  return { clockId: row.id, dueAt: derived.dueAt, warnAt: derived.warnAt };
}

/** Stops the open clock(s) of a dispatch (or, without dispatchId, of the ticket) of a kind: met/completed. No-op if none is open. */
export async function stopClock(
  tx: Executor,
  deps: Deps,
  target: { dispatchId?: number | null; ticketId?: number; kind: ClockKind },
  at: Date,
  reason: string,
): Promise<void> {
  const open = await lockClocks(tx, targetWhere(target, ne(slaClocks.status, 'stopped')));
  for (const c of open) await appendSegment(tx, deps, c, { kind: 'stopped', at, reason });
}

/**
 * Pauses running clocks of a ticket (all kinds unless `kind`; one dispatch's if `dispatchId`): waiting
 * for the citizen. Writes one 'sla.paused' event per clock. Returns the clocks paused.
 */
export async function pauseClock(
  tx: Executor,
  deps: Deps,
  target: { ticketId: number; kind?: ClockKind; dispatchId?: number | null },
  at: Date,
  reason: string,
  actorId: number | null = null,
): Promise<number[]> {
  const running = await lockClocks(tx, targetWhere(target, eq(slaClocks.status, 'running')));
  const events = [];
  for (const c of running) {
    await appendSegment(tx, deps, c, { kind: 'paused', at, reason, actorId });
    events.push({
      ticketId: c.ticketId,
      dispatchId: c.dispatchId,
      unitId: c.unitId,
      action: 'sla.paused' as const,
      at,
      actorId,
      actorKind: actorId ? ('user' as const) : ('system' as const),
      payload: { clockId: c.id, kind: c.kind, reason, dueAt: c.dueAt?.toISOString() ?? null },
    });
  }
  await recordEvents(tx, events);
  return running.map((c) => c.id);
}

/** Resumes paused clocks; each deadline moves later by the working time spent paused. Call scheduleClockTimers afterwards. */
export async function resumeClock(
  tx: Executor,
  deps: Deps,
  target: { ticketId: number; kind?: ClockKind; dispatchId?: number | null },
  at: Date,
  reason: string,
  actorId: number | null = null,
): Promise<Array<{ clockId: number; dueAt: Date | null; pausedMinutes: number }>> {
  const paused = await lockClocks(tx, targetWhere(target, eq(slaClocks.status, 'paused')));
  const out: Array<{ clockId: number; dueAt: Date | null; pausedMinutes: number }> = [];
  const events = [];
  for (const c of paused) {
    const before = c.pausedAt;
    const { clock, derived } = await appendSegment(tx, deps, c, { kind: 'resumed', at, reason, actorId });
    out.push({ clockId: c.id, dueAt: clock.dueAt, pausedMinutes: derived.pausedMinutes });
    events.push({
      ticketId: c.ticketId,
      dispatchId: c.dispatchId,
      unitId: c.unitId,
      action: 'sla.resumed' as const,
      at,
      actorId,
      actorKind: actorId ? ('user' as const) : ('system' as const),
      payload: {
        clockId: c.id,
        kind: c.kind,
        reason,
        pausedAt: before?.toISOString() ?? null,
        dueAt: clock.dueAt?.toISOString() ?? null,
      },
    });
  }
  await recordEvents(tx, events);
  return out;
}

/**
 * Sets an approved new deadline on the open clock of a dispatch (an 'extended' segment with who, why,
 * old and new target). The dispatch feature records its own 'dispatch.extension_approved' event.
 * Call scheduleClockTimers afterwards.
 */
export async function extendClock(
  tx: Executor,
  deps: Deps,
  target: { dispatchId: number; kind: ClockKind },
  newDueAt: Date,
  by: { actorId: number | null; reason: string },
): Promise<{ oldDueAt: Date; newDueAt: Date; clockId: number }> {
  const [c] = await lockClocks(tx, targetWhere(target, ne(slaClocks.status, 'stopped')));
  if (!c) throw conflict('该派单没有进行中的时限，无法延期', { dispatchId: target.dispatchId, kind: target.kind });
  if (!(newDueAt.getTime() > c.startedAt.getTime())) {
    throw new AppError('validation', '新的期限必须晚于计时开始时间', {
      fields: [{ path: 'newDueAt', message: '早于计时开始' }],
    });
  }
  const segs = await loadSegments(tx, c.id);
  const oldDueAt = c.dueAt ?? segs.reduce<Date | null>((acc, s) => s.newDueAt ?? acc, null) ?? newDueAt;
  const { clock } = await appendSegment(tx, deps, c, {
    kind: 'extended',
    at: deps.clock.now(),
    actorId: by.actorId,
    reason: by.reason,
    newDueAt,
    data: { requestedDueAt: newDueAt.toISOString(), oldDueAt: oldDueAt.toISOString() },
  });
  return { oldDueAt, newDueAt: clock.dueAt ?? newDueAt, clockId: c.id };
}

/**
 * Restarts the latest clock of a (ticket, dispatch, kind), open or stopped, from `at`: a re-handle round
 * on the same clock, its history kept. Starts a new clock when there is none. Call scheduleClockTimers afterwards.
 */
export async function restartClock(tx: Executor, deps: Deps, input: StartClockInput): Promise<StartedClock> {
  const [latest] = await tx
    .select()
    .from(slaClocks)
    .where(
      and(
        eq(slaClocks.ticketId, input.ticketId),
        input.dispatchId != null ? eq(slaClocks.dispatchId, input.dispatchId) : sql`${slaClocks.dispatchId} is null`,
        eq(slaClocks.kind, input.kind),
      ),
    )
    .orderBy(desc(slaClocks.id))
    .limit(1)
    .for('update');
  if (!latest) return startClock(tx, deps, input);
  const limit = input.limit ? limitFromInput(input.limit) : undefined;
  const data: Record<string, unknown> = {};
  if (limit) data.limit = limit;
  if (input.warnPercent !== undefined) data.warnPercent = input.warnPercent;
  const { clock, derived } = await appendSegment(tx, deps, latest, {
    kind: 'restarted',
    at: input.startAt,
    actorId: input.actorId,
    reason: input.reason ?? 'restart',
    data,
  });
  if (limit) await tx.update(slaClocks).set({ limitSource: 'explicit' }).where(eq(slaClocks.id, clock.id));
  if (!derived.dueAt) throw new Error('restarted clock has no deadline');
  return { clockId: clock.id, dueAt: derived.dueAt, warnAt: derived.warnAt };
}

/** Open (running or paused) clocks of a ticket, e.g. to schedule after a commit. */
export async function openClockIds(db: Executor, ticketIds: number[]): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .select({ id: slaClocks.id })
    .from(slaClocks)
    .where(and(inArray(slaClocks.ticketId, ticketIds), eq(slaClocks.status, 'running')));
  return rows.map((r) => r.id);
}
