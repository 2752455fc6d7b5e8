import { and, asc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { slaClocks, slaTimerFirings } from '../../db/schema/index.ts';
import type { ClockEvent, ClockKind } from '../../domain/sla/index.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import { currentRequestId, jobData } from '../requestContext.ts';
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

/**
 * Queues BullMQ delayed jobs for the given timers; delay counts from deps.clock (tests move it).
 * Chunks of 500 with 6 in flight: BullMQ builds each job on the client, so overlapping that work
 * with Redis round trips more than doubles throughput over one addBulk at a time.
 */
export async function queueTimers(deps: Deps, timers: PendingTimer[]): Promise<number> {
  if (timers.length === 0) return 0;
  const now = deps.clock.now().getTime();
  const q = deps.queues.queue('timers');
  const chunks: PendingTimer[][] = [];
  for (let i = 0; i < timers.length; i += 500) chunks.push(timers.slice(i, i + 500));
  let next = 0;
  const lane = async () => {
    for (let c = chunks[next++]; c; c = chunks[next++]) {
      await q.addBulk(
        c.map((t) => ({
          name: TIMER_JOB,
          // The request (or job) that set the timer travels with it, so its firing logs under the same id.
          data: jobData({ clockId: t.clockId, event: t.event, targetMs: t.targetMs } satisfies TimerJobData),
          opts: {
            jobId: timerJobId(t.clockId, t.event, t.targetMs),
            delay: Math.max(0, t.at.getTime() - now),
            removeOnComplete: { age: 3600, count: 10_000 },
          },
        })),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, chunks.length) }, lane));
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

export interface FireResult {
  outcome: FireOutcome;
  /** The event's instant (its warnAt or dueAt) when known. */
  at?: Date;
  lagMs?: number;
}

interface PreState {
  id: number;
  kind: ClockKind;
  status: string;
  /** Epoch ms (float8 comes back as a number or a numeric string depending on the driver). */
  due_at: number | string | null;
  warn_at: number | string | null;
  warned_at: number | string | null;
  breached_at: number | string | null;
  fired: number | string;
  lag_ms: number | string | null;
}

const asDate = (v: number | string | null): Date | null => (v === null ? null : new Date(Number(v)));

function kindsWithHandlers(event: ClockEvent): ClockKind[] {
  const out: ClockKind[] = [];
  for (const [key, set] of handlers) {
    const [kind, ev] = key.split(':');
    if (ev === event && set.size > 0) out.push(kind as ClockKind);
  }
  return out;
}

/**
 * The common case in one statement (one round trip, autocommit): lock the clock, check it still owes
 * the event, record the firing (the guard), stamp warned/breached and write the event. Clocks whose
 * kind has registered handlers are left alone (`fired` 0) for the transactional path. `target` null
 * (the sweep) means "whatever the current deadline is". Returns each clock's state before.
 */
async function fireFast(
  db: Executor,
  ids: number[],
  event: ClockEvent,
  target: Date | null,
  now: Date,
  via: string,
  skipKinds: ClockKind[],
): Promise<PreState[]> {
  const atCol = event === 'warning' ? sql.raw('warn_at') : sql.raw('due_at');
  const firedCol = event === 'warning' ? sql.raw('warned_at') : sql.raw('breached_at');
  const action = event === 'warning' ? 'sla.warning' : 'sla.breached';
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const skip = skipKinds.length
    ? sql`and c0.kind not in (${sql.join(
        skipKinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const targetCond = target ? sql`and c0.due_at = ${target.toISOString()}::timestamptz` : sql``;
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  return queryRows<PreState>(
    db,
    sql`with c0 as (
      select id, ticket_id, dispatch_id, unit_id, kind, status, due_at, warn_at, warned_at, breached_at
      from sla_clocks where id in (${idList}) for update
    ), ok as (
      select c0.*, least(2000000000, greatest(0, round(extract(epoch from (${nowTs} - c0.${atCol})) * 1000)))::int as lag_ms
      from c0
      where c0.status = 'running' and c0.due_at is not null ${targetCond}
        and c0.${atCol} is not null and c0.${atCol} <= ${nowTs} and c0.${firedCol} is null
        ${event === 'warning' ? sql`and c0.warn_at < c0.due_at` : sql``}
        ${skip}
    ), f as (
      insert into sla_timer_firings (clock_id, event, target_at, fired_at, lag_ms, via)
      select id, ${event}, due_at, ${nowTs}, lag_ms, ${via} from ok
      on conflict do nothing returning clock_id
    ), u as (
      update sla_clocks s set ${firedCol} = ${nowTs} from f where s.id = f.clock_id returning s.id
    ), e as (
      insert into ticket_events (ticket_id, dispatch_id, unit_id, at, actor_kind, action, request_id, payload)
      select ok.ticket_id, ok.dispatch_id, ok.unit_id, ${nowTs}, 'system', ${action}, ${currentRequestId() ?? null}::text,
        jsonb_build_object('clockId', ok.id, 'kind', ok.kind,
          'dueAt', to_char(ok.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'warnAt', to_char(ok.warn_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'lagMs', ok.lag_ms, 'via', ${via}::text)
      from ok join u on u.id = ok.id
      returning (payload->>'clockId')::int as clock_id
    )
    select c0.id, c0.kind, c0.status,
      (extract(epoch from c0.due_at) * 1000)::float8 as due_at,
      (extract(epoch from c0.warn_at) * 1000)::float8 as warn_at,
      (extract(epoch from c0.warned_at) * 1000)::float8 as warned_at,
      (extract(epoch from c0.breached_at) * 1000)::float8 as breached_at,
      (select count(*) from e where e.clock_id = c0.id) as fired,
      (select ok.lag_ms from ok where ok.id = c0.id) as lag_ms
    from c0`,
  );
}

function outcomeOf(p: PreState | undefined, event: ClockEvent, target: Date | null, now: Date): FireResult {
  if (!p) return { outcome: 'closed' };
  const due = asDate(p.due_at);
  const at = asDate(event === 'warning' ? p.warn_at : p.due_at) ?? undefined;
  if (Number(p.fired) > 0) return { outcome: 'fired', at, lagMs: Number(p.lag_ms ?? 0) };
  if (p.status !== 'running' || !due) return { outcome: 'closed' };
  if (target && due.getTime() !== target.getTime()) return { outcome: 'stale' };
  if (!at) return { outcome: 'stale' };
  if (at.getTime() > now.getTime()) return { outcome: 'early', at };
  return { outcome: 'already', at };
}

/**
 * Fires one timer if, and only if, it is still owed: the clock is running, its deadline is still the
 * job's target, the instant has come (by deps.clock), and no firing of (clock, event, target) exists.
 * Records the firing, the clock's warned/breached time and the 'sla.warning'/'sla.breached' event,
 * and runs the registered handlers, all in one transaction.
 */
export async function fireClockEvent(
  deps: Deps,
  data: TimerJobData,
  via: 'job' | 'sweep' = 'job',
): Promise<FireResult> {
  const now = deps.clock.now();
  const target = new Date(data.targetMs);
  const skip = kindsWithHandlers(data.event);
  const [pre] = await fireFast(deps.db, [data.clockId], data.event, target, now, via, skip);
  const res = outcomeOf(pre, data.event, target, now);
  if (
    res.outcome === 'already' &&
    pre &&
    skip.includes(pre.kind) &&
    asDate(pre[data.event === 'warning' ? 'warned_at' : 'breached_at']) === null
  ) {
    return fireWithHandlers(deps, data, via);
  }
  return res;
}

/** The transactional path for kinds with handlers: the handlers' writes commit with the firing, or nothing does. */
async function fireWithHandlers(deps: Deps, data: TimerJobData, via: 'job' | 'sweep'): Promise<FireResult> {
  let ticketId = 0;
  const result = await deps.db.transaction(async (tx): Promise<FireResult> => {
    const now = deps.clock.now();
    const [c] = await tx.select().from(slaClocks).where(eq(slaClocks.id, data.clockId)).for('update');
    if (c?.status !== 'running' || !c.dueAt) return { outcome: 'closed' };
    if (c.dueAt.getTime() !== data.targetMs) return { outcome: 'stale' };
    const at = data.event === 'warning' ? c.warnAt : c.dueAt;
    if (!at) return { outcome: 'stale' };
    if (at.getTime() > now.getTime()) return { outcome: 'early', at };
    if ((data.event === 'warning' ? c.warnedAt : c.breachedAt) !== null) return { outcome: 'already', at };
    const lagMs = Math.min(2_000_000_000, Math.max(0, now.getTime() - at.getTime()));
    const inserted = await tx
      .insert(slaTimerFirings)
      .values({ clockId: c.id, event: data.event, targetAt: c.dueAt, firedAt: now, lagMs, via })
      .onConflictDoNothing()
      .returning({ clockId: slaTimerFirings.clockId });
    if (inserted.length === 0) return { outcome: 'already', at };
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
    for (const h of handlersFor(c.kind, data.event)) await h(tx, deps, clock ?? c, now);
    ticketId = c.ticketId;
    return { outcome: 'fired', at, lagMs };
  });
  // Handlers may start or move clocks (deemed signed starts the handling clock): queue their timers.
  if (result.outcome === 'fired') {
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
 * a deadline (e.g. the sign window lapse → deemed signed). Keyset batches, no cap per run; kinds
 * without handlers fire a whole batch in one statement.
 */
export async function fireDueClocks(deps: Deps, now: Date = deps.clock.now(), batchSize = 500): Promise<FireDueResult> {
  let fired = 0;
  let failed = 0;
  for (const event of ['warning', 'breach'] as const) {
    const skip = kindsWithHandlers(event);
    let cursor = 0;
    for (;;) {
      const due =
        event === 'warning'
          ? and(lte(slaClocks.warnAt, now), isNull(slaClocks.warnedAt), lt(slaClocks.warnAt, slaClocks.dueAt))
          : and(lte(slaClocks.dueAt, now), isNull(slaClocks.breachedAt));
      const rows = await deps.db
        .select({ ...timerColumns, kind: slaClocks.kind })
        .from(slaClocks)
        .where(and(eq(slaClocks.status, 'running'), due, gt(slaClocks.id, cursor)))
        .orderBy(asc(slaClocks.id))
        .limit(batchSize);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]?.id ?? cursor;
      const plain = rows.filter((r) => !skip.includes(r.kind)).map((r) => r.id);
      if (plain.length > 0) {
        const pre = await fireFast(deps.db, plain, event, null, now, 'sweep', skip);
        fired += pre.filter((p) => Number(p.fired) > 0).length;
      }
      for (const r of rows.filter((x) => skip.includes(x.kind))) {
        const t = pendingTimers(r).find((p) => p.event === event);
        if (!t) continue;
        try {
          if ((await fireWithHandlers(deps, t, 'sweep')).outcome === 'fired') fired++;
        } catch (err) {
          failed++;
          deps.logger.error({ err, clockId: r.id, event }, 'timer handler failed; the next sweep retries');
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
