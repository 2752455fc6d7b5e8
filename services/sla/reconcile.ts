import type { Deps } from '../deps.ts';
import { enqueueRecompute, unfinishedRuns } from './recompute.ts';
import {
  fireDueClocks,
  type PendingTimer,
  pendingTimers,
  queueTimers,
  runningTimerRows,
  timerJobId,
} from './timers.ts';

export interface ReconcileResult {
  /** Running clocks looked at. */
  scanned: number;
  /** Overdue timers fired straight from the database. */
  fired: number;
  failed: number;
  /** Delayed jobs that were missing from Redis and were queued again. */
  requeued: number;
  /** Recompute runs resumed. */
  resumedRuns: number;
  ms: number;
}

/**
 * Ids of every job of the timers queue that is still to run (delayed, waiting, active, prioritized,
 * paused), read in pages: one pass over the queue instead of one EXISTS per clock. A job that moves
 * between two reads may look missing; queueing it again is a no-op (same deterministic id).
 */
async function queuedJobIds(deps: Deps): Promise<Set<string>> {
  const q = deps.queues.queue('timers');
  const ids = new Set<string>();
  const PAGE = 20_000;
  for (const key of [q.keys.delayed, q.keys.prioritized]) {
    if (!key) continue;
    for (let from = 0; ; from += PAGE) {
      const page = await deps.redis.zrange(key, from, from + PAGE - 1);
      for (const id of page) ids.add(id);
      if (page.length < PAGE) break;
    }
  }
  for (const key of [q.keys.wait, q.keys.active, q.keys.paused]) {
    if (!key) continue;
    for (let from = 0; ; from += PAGE) {
      const page = await deps.redis.lrange(key, from, from + PAGE - 1);
      for (const id of page) ids.add(id);
      if (page.length < PAGE) break;
    }
  }
  return ids;
}

/**
 * The database is the source of truth for timers. This sweep (on worker start and every minute):
 * 1. fires every timer already due (downtime, a lost job, a Redis flush across a deadline);
 * 2. walks all running clocks in keyset batches and queues any future timer whose job is not in the
 *    queue (existing jobs are left alone); queueing overlaps with reading the next batch;
 * 3. resumes recompute runs nobody is working on.
 * No cap per run: osTicket's "100 per run" leaves the 101st overdue ticket unseen.
 */
export async function reconcileTimers(deps: Deps, opts: { batchSize?: number } = {}): Promise<ReconcileResult> {
  const t0 = performance.now();
  const batchSize = opts.batchSize ?? 5000;
  const now = deps.clock.now();
  const { fired, failed } = await fireDueClocks(deps, now);
  const queued = await queuedJobIds(deps);
  let scanned = 0;
  let requeued = 0;
  let cursor = 0;
  let inFlight: Promise<number> = Promise.resolve(0);
  for (;;) {
    const rows = await runningTimerRows(deps.db, cursor, batchSize);
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]?.id ?? cursor;
    scanned += rows.length;
    const missing: PendingTimer[] = rows
      .flatMap(pendingTimers)
      .filter((t) => t.at.getTime() > now.getTime() && !queued.has(timerJobId(t.clockId, t.event, t.targetMs)));
    // One batch queues while the next is read from the database.
    requeued += await inFlight;
    inFlight = queueTimers(deps, missing);
  }
  requeued += await inFlight;
  let resumedRuns = 0;
  for (const id of await unfinishedRuns(deps.db, new Date(now.getTime() - 120_000))) {
    await enqueueRecompute(deps, id, true);
    resumedRuns++;
  }
  return { scanned, fired, failed, requeued, resumedRuns, ms: Math.round(performance.now() - t0) };
}

/** One sweep at a time across all worker processes (a Redis lock with expiry); others skip. */
export async function reconcileOnce(deps: Deps, lockMs = 5 * 60_000): Promise<ReconcileResult | null> {
  const key = deps.queues.queue('timers').toKey('sweep-lock');
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const ok = await deps.redis.set(key, token, 'PX', lockMs, 'NX');
  if (ok !== 'OK') return null;
  try {
    return await reconcileTimers(deps);
  } finally {
    // Release only our own lock (a sweep slower than lockMs must not free a newer sweep's lock).
    await deps.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
      1,
      key,
      token,
    );
  }
}
