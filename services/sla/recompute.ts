import { and, asc, count, eq, gt, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { slaClocks, slaRecomputeRuns } from '../../db/schema/index.ts';
import type { ClockLimit, PolicyRule, SegmentFact } from '../../domain/sla/index.ts';
import { deriveClock, resolveLimit } from '../../domain/sla/index.ts';
import { type CalendarRef, calendarById, calendarForUnit } from '../calendars.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { recordEvents } from '../events.ts';
import { jobData } from '../requestContext.ts';
import { appendSegment, type ClockRow, clockColumns, factOf, loadSegments } from './clocks.ts';
import { loadPolicyRules, loadTicketFacts } from './policies.ts';
import { scheduleClockTimers } from './timers.ts';

export type RecomputeScope =
  | { scope: 'calendar'; scopeId: number }
  | { scope: 'unit'; scopeId: number }
  | { scope: 'policies'; scopeId?: number | null }
  | { scope: 'all'; scopeId?: null };

export type RecomputeRun = typeof slaRecomputeRuns.$inferSelect;

export const RECOMPUTE_JOB = 'recompute';

/** Which open clocks a change can move. */
function affected(s: { scope: string; scopeId: number | null }): SQL | undefined {
  const open = ne(slaClocks.status, 'stopped');
  switch (s.scope) {
    case 'calendar':
      return and(open, eq(slaClocks.calendarId, s.scopeId ?? -1));
    case 'unit':
      return and(open, eq(slaClocks.unitId, s.scopeId ?? -1));
    case 'policies':
      // Any policy edit can change which policy matches (order, criteria): every policy-derived clock.
      return and(open, eq(slaClocks.limitSource, 'policy'));
    default:
      return open;
  }
}

/**
 * Records a recomputation request in the caller's transaction (with the change that causes it), so a
 * committed change always has its run. Call enqueueRecompute(deps, runId) after the commit; the
 * timers worker runs it in batches, and the sweep resumes runs a crash left behind.
 */
export async function requestRecompute(
  tx: Executor,
  deps: Deps,
  scope: RecomputeScope,
  reason: string,
  requestedById: number | null = null,
): Promise<number> {
  const scopeId = scope.scopeId ?? null;
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(slaClocks)
    .where(affected({ scope: scope.scope, scopeId }));
  const now = deps.clock.now();
  const [run] = await tx
    .insert(slaRecomputeRuns)
    .values({ scope: scope.scope, scopeId, reason, requestedById, total: n, createdAt: now, updatedAt: now })
    .returning({ id: slaRecomputeRuns.id });
  if (!run) throw new Error('recompute run not inserted');
  return run.id;
}

/**
 * Queues the run on the timers worker. `resume` gives the job a fresh id (the first job may sit in the
 * failed set); two runners of one run are safe: each batch locks the run row and reads its cursor.
 */
export async function enqueueRecompute(deps: Deps, runId: number, resume = false): Promise<void> {
  const jobId = resume ? `recompute-${runId}-r${Date.now()}` : `recompute-${runId}`;
  await deps.queues
    .queue('timers')
    .add(RECOMPUTE_JOB, jobData({ runId }), { jobId, attempts: 10, backoff: { type: 'exponential', delay: 2000 } });
}

interface Context {
  run: RecomputeRun;
  policies: PolicyRule[];
  calendars: Map<number | null, CalendarRef>;
}

async function calendarFor(tx: Executor, ctx: Context, clock: ClockRow): Promise<CalendarRef> {
  // A unit's calendar may have been reassigned: unit and full recomputations follow the unit.
  if ((ctx.run.scope === 'unit' || ctx.run.scope === 'all') && clock.unitId !== null) {
    return calendarForUnit(tx, clock.unitId);
  }
  const key = clock.calendarId;
  let cal = ctx.calendars.get(key);
  if (!cal) {
    cal = await calendarById(tx, key);
    ctx.calendars.set(key, cal);
  }
  return cal;
}

/** Re-derives one locked clock; returns whether its deadline or warning moved. */
async function recomputeOne(tx: Executor, deps: Deps, ctx: Context, clock: ClockRow): Promise<boolean> {
  const cal = await calendarFor(tx, ctx, clock);
  const segs = await loadSegments(tx, clock.id);
  const facts = segs.map(factOf);
  const data: Record<string, unknown> = { runId: ctx.run.id, calendarId: cal.id, calendarVersion: cal.version };
  let policyId = clock.policyId;
  let newLimit: ClockLimit | null = null;
  let newWarn: number | null = null;
  if (clock.limitSource === 'policy' && (ctx.run.scope === 'policies' || ctx.run.scope === 'all')) {
    const { facts: t, category } = await loadTicketFacts(tx, clock.ticketId);
    const r = resolveLimit(ctx.policies, t, clock.kind, category);
    if (r && (JSON.stringify(r.limit) !== JSON.stringify(clock.limit) || r.warnPercent !== clock.warnPercent)) {
      newLimit = r.limit;
      newWarn = r.warnPercent;
      data.limit = r.limit;
      data.warnPercent = r.warnPercent;
      policyId = r.policyId;
    }
  }
  const recomputed: SegmentFact = {
    kind: 'recomputed',
    at: deps.clock.now(),
    limit: newLimit,
    ...(newLimit ? { warnPercent: newWarn } : {}),
  };
  const derived = deriveClock(cal.calendar, [...facts, recomputed]);
  const cols = clockColumns(derived);
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  if (same(cols.dueAt, clock.dueAt) && same(cols.warnAt, clock.warnAt) && cal.id === clock.calendarId) {
    if (cal.version !== clock.calendarVersion) {
      await tx.update(slaClocks).set({ calendarVersion: cal.version }).where(eq(slaClocks.id, clock.id));
    }
    return false;
  }
  await appendSegment(
    tx,
    deps,
    clock,
    { kind: 'recomputed', at: deps.clock.now(), actorId: ctx.run.requestedById, reason: ctx.run.reason, data },
    cal,
  );
  if (policyId !== clock.policyId) await tx.update(slaClocks).set({ policyId }).where(eq(slaClocks.id, clock.id));
  await recordEvents(tx, [
    {
      ticketId: clock.ticketId,
      dispatchId: clock.dispatchId,
      unitId: clock.unitId,
      action: 'sla.recomputed',
      at: deps.clock.now(),
      actorId: ctx.run.requestedById,
      actorKind: ctx.run.requestedById ? 'user' : 'system',
      payload: {
        clockId: clock.id,
        kind: clock.kind,
        runId: ctx.run.id,
        reason: ctx.run.reason,
        oldDueAt: clock.dueAt?.toISOString() ?? null,
        newDueAt: cols.dueAt?.toISOString() ?? null,
        ...(data.limit ? { limit: data.limit } : {}),
      },
    },
  ]);
  return true;
}

/**
 * Runs (or resumes) a recomputation: keyset batches of the affected open clocks, one transaction per
 * batch that also advances the run's progress and cursor. No cap: it runs until the scan is done.
 */
export async function runRecompute(
  deps: Deps,
  runId: number,
  opts: { batchSize?: number; onProgress?: (run: RecomputeRun) => Promise<void> | void } = {},
): Promise<RecomputeRun> {
  const batchSize = opts.batchSize ?? 200;
  const [initial] = await deps.db.select().from(slaRecomputeRuns).where(eq(slaRecomputeRuns.id, runId));
  if (!initial) throw notFound('重算任务');
  if (initial.status === 'done') return initial;
  const [started] = await deps.db
    .update(slaRecomputeRuns)
    .set({
      status: 'running',
      startedAt: initial.startedAt ?? deps.clock.now(),
      updatedAt: deps.clock.now(),
      error: null,
    })
    .where(eq(slaRecomputeRuns.id, runId))
    .returning();
  const ctx: Context = { run: started ?? initial, policies: await loadPolicyRules(deps.db), calendars: new Map() };
  const where = affected(ctx.run);
  try {
    for (;;) {
      const { run, moved } = await deps.db.transaction(async (tx) => {
        const [r] = await tx.select().from(slaRecomputeRuns).where(eq(slaRecomputeRuns.id, runId)).for('update');
        if (!r) throw notFound('重算任务');
        const clocks = await tx
          .select()
          .from(slaClocks)
          .where(and(where, gt(slaClocks.id, r.cursor)))
          .orderBy(asc(slaClocks.id))
          .limit(batchSize)
          .for('update');
        const movedIds: number[] = [];
        for (const c of clocks) if (await recomputeOne(tx, deps, ctx, c)) movedIds.push(c.id);
        const last = clocks[clocks.length - 1];
        const done = clocks.length < batchSize;
        const [updated] = await tx
          .update(slaRecomputeRuns)
          .set({
            processed: sql`${slaRecomputeRuns.processed} + ${clocks.length}`,
            moved: sql`${slaRecomputeRuns.moved} + ${movedIds.length}`,
            cursor: last ? last.id : r.cursor,
            // New clocks can appear while we run: total never reads below what we processed.
            total: sql`greatest(${slaRecomputeRuns.total}, ${slaRecomputeRuns.processed} + ${clocks.length})`,
            status: done ? 'done' : 'running',
            finishedAt: done ? deps.clock.now() : null,
            updatedAt: deps.clock.now(),
          })
          .where(eq(slaRecomputeRuns.id, runId))
          .returning();
        if (!updated) throw new Error('run vanished');
        return { run: updated, moved: movedIds };
      });
      await scheduleClockTimers(deps, moved);
      await opts.onProgress?.(run);
      if (run.status === 'done') return run;
    }
  } catch (err) {
    await deps.db
      .update(slaRecomputeRuns)
      .set({ status: 'failed', error: (err as Error).message.slice(0, 500), updatedAt: deps.clock.now() })
      .where(eq(slaRecomputeRuns.id, runId));
    throw err;
  }
}

/** Runs left pending or running (a crash, no worker at the time): the sweep resumes them. */
export async function unfinishedRuns(db: Executor, olderThan: Date): Promise<number[]> {
  const rows = await db
    .select({ id: slaRecomputeRuns.id })
    .from(slaRecomputeRuns)
    .where(and(inArray(slaRecomputeRuns.status, ['pending', 'running']), lt(slaRecomputeRuns.updatedAt, olderThan)))
    .orderBy(asc(slaRecomputeRuns.id));
  return rows.map((r) => r.id);
}
