import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { slaClocks, slaTimerFirings } from '../../db/schema/index.ts';
import type { ClockEvent, ClockKind } from '../../domain/sla/index.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import type { ClockRow, OpenClock } from './clocks.ts';

export type ClockEventHandler = (tx: Executor, deps: Deps, clock: OpenClock, now: Date) => Promise<void>;

const handlers = new Map<string, Set<ClockEventHandler>>();

/**
 * Registers what happens when a clock of `kind` reaches `event` (contracts.md). The timer runs each
 * handler exactly once per (clock, event, deadline), inside the transaction that records the firing:
 * a handler that throws rolls the firing back and the job is retried. Registering the same function
 * twice is a no-op. The default effect (event 'sla.warning' / 'sla.breached') needs no handler.
 * Returns an unregister function (tests).
 */
export function onClockEvent(kind: ClockKind, event: ClockEvent, handler: ClockEventHandler): () => void {
  const key = `${kind}:${event}`;
  let set = handlers.get(key);
  if (!set) {
    set = new Set();
    handlers.set(key, set);
  }
  set.add(handler);
  return () => {
    handlers.get(key)?.delete(handler);
  };
}

export function handlersFor(kind: ClockKind, event: ClockEvent): ClockEventHandler[] {
  return [...(handlers.get(`${kind}:${event}`) ?? [])];
}

export const TIMER_JOB = 'clock-event';

export interface TimerJobData {
  clockId: number;
  event: ClockEvent;
  /** The deadline (epoch ms) the event belongs to: a job for an older deadline does nothing. */
  targetMs: number;
}

/** Deterministic, ':'-free, never all digits: the same timer is never queued twice. */
export function timerJobId(clockId: number, event: ClockEvent, targetMs: number): string {
  return `clk-${clockId}-${event}-${targetMs}`;
}

export interface PendingTimer extends TimerJobData {
  at: Date;
}

/** Timers a clock still owes: warning (once per window) and breach (once per deadline). */
export function pendingTimers(
  c: Pick<ClockRow, 'id' | 'status' | 'dueAt' | 'warnAt' | 'warnedAt' | 'breachedAt'>,
): PendingTimer[] {
  if (c.status !== 'running' || !c.dueAt) return [];
  const targetMs = c.dueAt.getTime();
  const out: PendingTimer[] = [];
  if (c.warnAt && !c.warnedAt && c.warnAt.getTime() < targetMs) {
    out.push({ clockId: c.id, event: 'warning', targetMs, at: c.warnAt });
  }
  if (!c.breachedAt) out.push({ clockId: c.id, event: 'breach', targetMs, at: c.dueAt });
  return out;
}

const timerColumns = {
  id: slaClocks.id,
  status: slaClocks.status,
  dueAt: slaClocks.dueAt,
  warnAt: slaClocks.warnAt,
  warnedAt: slaClocks.warnedAt,
  breachedAt: slaClocks.breachedAt,
};

/** Queues BullMQ delayed jobs for the given timers; delay counts from deps.clock (tests move it). */
export async function queueTimers(deps: Deps, timers: PendingTimer[]): Promise<number> {
  if (timers.length === 0) return 0;
  const now = deps.clock.now().getTime();
  const q = deps.queues.queue('timers');
  for (let i = 0; i < timers.length; i += 1000) {
    const chunk = timers.slice(i, i + 1000);
    await q.addBulk(
      chunk.map((t) => ({
        name: TIMER_JOB,
        data: { clockId: t.clockId, event: t.event, targetMs: t.targetMs } satisfies TimerJobData,
        opts: {
          jobId: timerJobId(t.clockId, t.event, t.targetMs),
          delay: Math.max(0, t.at.getTime() - now),
          removeOnComplete: { age: 3600, count: 10_000 },
        },
      })),
    );
  }
  return timers.length;
}

/**
 * Schedules the timers of clocks (contracts.md): call AFTER the transaction that started/changed them
 * commits. A crash in between is repaired by the reconciliation sweep. Jobs for an older deadline stay
 * queued and do nothing when they run.
 */
export async function scheduleClockTimers(deps: Deps, clockIds: number[]): Promise<number> {
  if (clockIds.length === 0) return 0;
  const rows = await deps.db.select(timerColumns).from(slaClocks).where(inArray(slaClocks.id, clockIds));
  return queueTimers(deps, rows.flatMap(pendingTimers));
}

export type FireOutcome = 'fired' | 'early' | 'stale' | 'closed' | 'already';

/**
 * Fires one timer if, and only if, it is still owed: the clock is running, its deadline is still the
 * job's target, the instant has come (by deps.clock), and no firing of (clock, event, target) exists.
 * Records the firing, the clock's warned/breached time, the 'sla.warning'/'sla.breached' event and
 * runs the registered handlers, all in one transaction.
 */
export async function fireClockEvent(
  deps: Deps,
  data: TimerJobData,
  via: 'job' | 'sweep' = 'job',
): Promise<{ outcome: FireOutcome; at?: Date; lagMs?: number }> {
  let ranHandlers = false;
  let ticketId = 0;
  const result = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [c] = await tx.select().from(slaClocks).where(eq(slaClocks.id, data.clockId)).for('update');
    if (c?.status !== 'running' || !c.dueAt) return { outcome: 'closed' as const };
    if (c.dueAt.getTime() !== data.targetMs) return { outcome: 'stale' as const };
    const at = data.event === 'warning' ? c.warnAt : c.dueAt;
    if (!at) return { outcome: 'stale' as const };
    if (at.getTime() > now.getTime()) return { outcome: 'early' as const, at };
    if ((data.event === 'warning' ? c.warnedAt : c.breachedAt) !== null) return { outcome: 'already' as const };
    const lagMs = Math.min(2_000_000_000, Math.max(0, now.getTime() - at.getTime()));
    const inserted = await tx
      .insert(slaTimerFirings)
      .values({ clockId: c.id, event: data.event, targetAt: c.dueAt, firedAt: now, lagMs, via })
      .onConflictDoNothing()
      .returning({ clockId: slaTimerFirings.clockId });
    if (inserted.length === 0) return { outcome: 'already' as const };
    const [clock] = await tx
      .update(slaClocks)
      .set(data.event === 'warning' ? { warnedAt: now } : { breachedAt: now })
      .where(eq(slaClocks.id, c.id))
      .returning();
    await recordEvent(tx, {
      ticketId: c.ticketId,
      dispatchId: c.dispatchId,
      unitId: c.unitId,
      action: data.event === 'warning' ? 'sla.warning' : 'sla.breached',
      at: now,
      actorKind: 'system',
      payload: {
        clockId: c.id,
        kind: c.kind,
        dueAt: c.dueAt.toISOString(),
        warnAt: c.warnAt?.toISOString() ?? null,
        lagMs,
        via,
      },
    });
    const hs = handlersFor(c.kind, data.event);
    for (const h of hs) await h(tx, deps, clock ?? c, now);
    ranHandlers = hs.length > 0;
    ticketId = c.ticketId;
    return { outcome: 'fired' as const, at, lagMs };
  });
  // Handlers may start or move clocks (deemed signed starts the handling clock): queue their timers.
  if (ranHandlers) {
    const rows = await deps.db
      .select(timerColumns)
      .from(slaClocks)
      .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.status, 'running')));
    await queueTimers(deps, rows.flatMap(pendingTimers));
  }
  return result;
}

export interface FireDueResult {
  fired: number;
  failed: number;
}

/**
 * Fires every timer that is due at `now` and not fired yet, straight from the database (no Redis):
 * the recovery half of the reconciliation sweep, and what tests call after moving a ManualClock past
 * a deadline (e.g. the sign window lapse → deemed signed). Keyset batches, no cap per run.
 */
export async function fireDueClocks(deps: Deps, now: Date = deps.clock.now(), batchSize = 500): Promise<FireDueResult> {
  let fired = 0;
  let failed = 0;
  for (const event of ['warning', 'breach'] as const) {
    let cursor = 0;
    for (;;) {
      const due =
        event === 'warning'
          ? and(lte(slaClocks.warnAt, now), isNull(slaClocks.warnedAt))
          : and(lte(slaClocks.dueAt, now), isNull(slaClocks.breachedAt));
      const rows = await deps.db
        .select(timerColumns)
        .from(slaClocks)
        .where(and(eq(slaClocks.status, 'running'), due, gt(slaClocks.id, cursor)))
        .orderBy(asc(slaClocks.id))
        .limit(batchSize);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]?.id ?? cursor;
      for (const r of rows) {
        const t = pendingTimers(r).find((p) => p.event === event);
        if (!t) continue;
        try {
          const res = await fireClockEvent(deps, t, 'sweep');
          if (res.outcome === 'fired') fired++;
        } catch (err) {
          failed++;
          deps.logger.error({ err, clockId: r.id, event }, 'timer handler failed; will retry on the next sweep');
        }
      }
    }
  }
  return { fired, failed };
}

/** Used by reconcile and the bench: the timers of running clocks with id in (after, upTo]. */
export async function runningTimerRows(db: Executor, after: number, limit: number) {
  return db
    .select(timerColumns)
    .from(slaClocks)
    .where(and(eq(slaClocks.status, 'running'), gt(slaClocks.id, after)))
    .orderBy(asc(slaClocks.id))
    .limit(limit);
}
