import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, slaClocks, slaRecomputeRuns, slaTimerFirings, ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import type { ClockKind } from '../domain/sla/index.ts';
import { extendClock, startClock } from '../services/sla/clocks.ts';
import { requestRecompute } from '../services/sla/recompute.ts';
import { reconcileTimers } from '../services/sla/reconcile.ts';
import { fireClockEvent, scheduleClockTimers, timerJobId } from '../services/sla/timers.ts';
import { createTicket } from '../services/tickets.ts';
import { startTimers } from '../workers/timers/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let ref: ReferenceIds;
let stopWorker: (() => Promise<void>) | undefined;

beforeAll(async () => {
  h = await createHarness({ now: '2026-11-23T02:00:00Z' });
  ref = await seedCity(h);
});
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
});
afterAll(() => h.close());

async function runWorker() {
  stopWorker = await startTimers(h.deps, { startupDelayMs: 0, reconcileIntervalMs: 0, concurrency: 5 });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A clock whose deadline is `ms` after the (manual) now, counted in elapsed time. */
async function clockDueIn(ms: number, kind: ClockKind = 'revisit') {
  const { ticket } = await createTicket(
    h.deps.db,
    { channel: 'phone', type: 'help', content: `定时器测试 ${Math.random()}` },
    { id: null, kind: 'system' },
    h.clock.now(),
  );
  const [d] = await h.deps.db
    .insert(dispatches)
    .values({ ticketId: ticket.id, unitId: must(ref.unitByCode.get('CGJ')) })
    .returning();
  const dispatchId = must(d).id;
  const c = await h.deps.db.transaction((tx) =>
    startClock(tx, h.deps, {
      ticketId: ticket.id,
      dispatchId: kind === 'revisit' ? null : dispatchId,
      kind,
      startAt: h.clock.now(),
      limit: { minutes: ms / 60_000, elapsed: true },
      warnPercent: null,
    }),
  );
  await scheduleClockTimers(h.deps, [c.clockId]);
  return { ...c, ticketId: ticket.id, dispatchId, jobId: timerJobId(c.clockId, 'breach', c.dueAt.getTime()) };
}

const queue = () => h.deps.queues.queue('timers');

async function breachedVia(clockId: number) {
  const [f] = await h.deps.db
    .select()
    .from(slaTimerFirings)
    .where(and(eq(slaTimerFirings.clockId, clockId), eq(slaTimerFirings.event, 'breach')));
  return f?.via;
}

/** Deletes only this test file's keys (other test files share the Redis server). */
async function flushOurKeys(): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await h.deps.redis.scan(cursor, 'MATCH', `{${h.prefix}}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await h.deps.redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

describe('timers on BullMQ', () => {
  it('a delayed job fires at the deadline, once', async () => {
    await runWorker();
    const c = await clockDueIn(1200);
    expect(await (await queue().getJob(c.jobId))?.getState()).toBe('delayed');
    h.clock.advance(1200);
    expect(await until('breach', () => breachedVia(c.clockId))).toBe('job');
    const events = await h.deps.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, c.ticketId), eq(ticketEvents.action, 'sla.breached')));
    expect(events).toHaveLength(1);
  });

  it('a job that arrives before our clock says so goes back to wait, then fires', async () => {
    await runWorker();
    const c = await clockDueIn(800);
    // Our (manual) clock does not move: the job runs after 800 real ms and finds the deadline ahead.
    await until('job moved back to delayed', async () => {
      const job = await queue().getJob(c.jobId);
      return job && (await job.getState()) === 'delayed' && job.attemptsStarted > 0;
    });
    expect(await breachedVia(c.clockId)).toBeUndefined();
    h.clock.advance(800);
    expect(await until('breach', () => breachedVia(c.clockId))).toBe('job');
  });

  it('survives deleting every Redis key of the test prefix and a worker restart (reconciled)', async () => {
    await runWorker();
    const c = await clockDueIn(1500);
    expect(await h.deps.redis.exists(queue().toKey(c.jobId))).toBe(1);
    await stopWorker?.();
    stopWorker = undefined;
    expect(await flushOurKeys()).toBeGreaterThan(0);
    expect(await h.deps.redis.exists(queue().toKey(c.jobId))).toBe(0);
    await runWorker(); // its start-up sweep rebuilds the missing job from the database
    await until('job rebuilt', async () => (await h.deps.redis.exists(queue().toKey(c.jobId))) === 1);
    h.clock.advance(1500);
    expect(await until('breach', () => breachedVia(c.clockId))).toBe('job');
  });

  it('downtime across a deadline: the overdue timer fires on recovery', async () => {
    const c = await clockDueIn(3_600_000);
    await flushOurKeys();
    h.clock.advance(2 * 3_600_000);
    await runWorker();
    expect(await until('breach', () => breachedVia(c.clockId))).toBe('sweep');
  });

  it('a timer firing after its deadline was extended does nothing', async () => {
    await runWorker();
    const c = await clockDueIn(1000, 'handle');
    await h.deps.db.transaction((tx) =>
      extendClock(tx, h.deps, { dispatchId: c.dispatchId, kind: 'handle' }, new Date(c.dueAt.getTime() + 3_600_000), {
        actorId: null,
        reason: '批准延期',
      }),
    );
    await scheduleClockTimers(h.deps, [c.clockId]);
    h.clock.advance(1000);
    const old = await until('old job done', async () => {
      const job = await queue().getJob(c.jobId);
      // Read it again once its state says completed: a copy read while it was still active (it can finish
      // between the two reads) has no return value yet.
      return job && (await job.getState()) === 'completed' ? queue().getJob(c.jobId) : null;
    });
    expect(old.returnvalue).toBe('stale');
    const [row] = await h.deps.db.select().from(slaClocks).where(eq(slaClocks.id, c.clockId));
    expect(row?.breachedAt).toBeNull();
    expect(await breachedVia(c.clockId)).toBeUndefined();
  });

  it('the same timer delivered twice at once fires once', async () => {
    const c = await clockDueIn(60_000);
    h.clock.advance(60_000);
    const data = { clockId: c.clockId, event: 'breach' as const, targetMs: c.dueAt.getTime() };
    const results = await Promise.all([
      fireClockEvent(h.deps, data),
      fireClockEvent(h.deps, data),
      fireClockEvent(h.deps, data),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already', 'already', 'fired']);
  });

  it('reconcile leaves existing jobs alone and requeues only the missing ones', async () => {
    const a = await clockDueIn(600_000);
    const b = await clockDueIn(600_000);
    await (await queue().getJob(b.jobId))?.remove();
    const res = await reconcileTimers(h.deps);
    expect(res.requeued).toBe(1);
    expect(await h.deps.redis.exists(queue().toKey(a.jobId))).toBe(1);
    expect(await h.deps.redis.exists(queue().toKey(b.jobId))).toBe(1);
  });

  it('the sweep resumes a recompute run nobody finished', async () => {
    const runId = await h.deps.db.transaction((tx) =>
      requestRecompute(tx, h.deps, { scope: 'all' }, '测试：中断后续跑'),
    );
    h.clock.advance(3 * 60_000);
    await runWorker();
    const done = await until('run done', async () => {
      const [r] = await h.deps.db.select().from(slaRecomputeRuns).where(eq(slaRecomputeRuns.id, runId));
      return r?.status === 'done' ? r : null;
    });
    expect(done.processed).toBe(done.total);
  });
});
