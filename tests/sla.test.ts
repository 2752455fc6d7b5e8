import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, slaClockSegments, slaClocks, slaPolicies, ticketEvents, tickets } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { fromLocal } from '../domain/calendar/index.ts';
import type { TicketType } from '../domain/vocabulary.ts';
import {
  extendClock,
  fireClockEvent,
  fireDueClocks,
  onClockEvent,
  pauseClock,
  restartClock,
  resumeClock,
  startClock,
  stopClock,
} from '../services/sla/index.ts';
import { requestRecompute, runRecompute } from '../services/sla/recompute.ts';
import { createTicket } from '../services/tickets.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let ref: ReferenceIds;

beforeAll(async () => {
  h = await createHarness({ now: '2026-11-23T02:00:00Z' });
  ref = await seedCity(h);
});
afterAll(() => h.close());

const local = (date: string, time: string) => fromLocal(date, time);

async function ticket(type: TicketType = 'help', priority: 'normal' | 'urgent' = 'normal', categoryId?: number) {
  const { ticket: t } = await createTicket(
    h.deps.db,
    { channel: 'phone', type, priority, content: `时钟测试 ${type}`, categoryId: categoryId ?? null },
    { id: null, kind: 'system' },
    h.clock.now(),
  );
  return t;
}

async function dispatchRow(ticketId: number, unitCode = 'CGJ', role: 'lead' | 'co' = 'lead') {
  const [d] = await h.deps.db
    .insert(dispatches)
    .values({ ticketId, unitId: must(ref.unitByCode.get(unitCode), unitCode), role })
    .returning();
  return must(d);
}

const start = (input: Parameters<typeof startClock>[2]) => h.deps.db.transaction((tx) => startClock(tx, h.deps, input));

async function events(ticketId: number, action?: string) {
  const rows = await h.deps.db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id));
  return action ? rows.filter((e) => e.action === action) : rows;
}

async function clockRow(id: number) {
  const [c] = await h.deps.db.select().from(slaClocks).where(eq(slaClocks.id, id));
  return must(c);
}

describe('limits from the built-in policies (no policy rows)', () => {
  it('consultation 3, help 5, report 15 working days; sign 2 working hours', async () => {
    const at = local('2026-11-23', '10:00'); // Monday
    const cases: Array<[TicketType, string]> = [
      ['consultation', '2026-11-26'],
      ['help', '2026-11-30'],
      ['complaint', '2026-11-30'],
      ['report', '2026-12-14'],
    ];
    for (const [type, date] of cases) {
      const t = await ticket(type);
      const c = await start({ ticketId: t.id, kind: 'handle', startAt: at });
      expect(c.dueAt.toISOString(), type).toBe(local(date, '17:30').toISOString());
    }
    const t = await ticket('help');
    const sign = await start({ ticketId: t.id, kind: 'sign', startAt: local('2026-11-23', '16:45') });
    // 45 minutes left today, 75 tomorrow from 09:00.
    expect(sign.dueAt.toISOString()).toBe(local('2026-11-24', '10:15').toISOString());
    expect(sign.warnAt).toBeNull();
  });

  it('urgent: sign in 30 working minutes, handle within 24 elapsed hours (weekend included)', async () => {
    const t = await ticket('help', 'urgent');
    const at = local('2026-11-27', '17:20'); // Friday
    const sign = await start({ ticketId: t.id, kind: 'sign', startAt: at });
    expect(sign.dueAt.toISOString()).toBe(local('2026-11-30', '09:20').toISOString());
    const handle = await start({ ticketId: t.id, kind: 'handle', startAt: at });
    expect(handle.dueAt.toISOString()).toBe(local('2026-11-28', '17:20').toISOString());
    // 75% of 24 h = 18 h.
    expect(handle.warnAt?.toISOString()).toBe(local('2026-11-28', '11:20').toISOString());
  });

  it('National Day 2026: 3 working days from 09-30 end on the make-up Saturday 10-10', async () => {
    const t = await ticket('consultation');
    const c = await start({ ticketId: t.id, kind: 'handle', startAt: local('2026-09-30', '10:00') });
    expect(c.dueAt.toISOString()).toBe('2026-10-10T09:30:00.000Z'); // 17:30 +08:00
    const [row] = await h.deps.db.select({ dueAt: tickets.dueAt }).from(tickets).where(eq(tickets.id, t.id));
    expect(row?.dueAt?.toISOString()).toBe(c.dueAt.toISOString());
  });
});

describe('a clock is a history of segments', () => {
  it('pause/resume moves the deadline by the paused working time', async () => {
    const t = await ticket('help');
    const d = await dispatchRow(t.id);
    const c = await start({ ticketId: t.id, dispatchId: d.id, kind: 'handle', startAt: local('2026-11-23', '10:00') });
    expect(c.dueAt.toISOString()).toBe(local('2026-11-30', '17:30').toISOString());
    await h.deps.db.transaction((tx) =>
      pauseClock(tx, h.deps, { ticketId: t.id, kind: 'handle' }, local('2026-11-24', '10:00'), '等待市民补充材料'),
    );
    const paused = await clockRow(c.clockId);
    expect(paused.status).toBe('paused');
    expect(paused.dueAt).toBeNull();
    const [dp] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, d.id));
    expect(dp?.handleDueAt).toBeNull();
    // Paused Tue 10:00 → Wed 10:00: 2 h + 4 h on Tuesday, 1 h on Wednesday = 420 working minutes.
    const [resumed] = await h.deps.db.transaction((tx) =>
      resumeClock(tx, h.deps, { ticketId: t.id }, local('2026-11-25', '10:00'), '市民已补充'),
    );
    expect(resumed?.pausedMinutes).toBe(420);
    expect(resumed?.dueAt?.toISOString()).toBe(local('2026-12-01', '17:30').toISOString());
    const [dr] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, d.id));
    expect(dr?.handleDueAt?.toISOString()).toBe(local('2026-12-01', '17:30').toISOString());
    expect((await events(t.id)).map((e) => e.action)).toEqual(['ticket.created', 'sla.paused', 'sla.resumed']);
  });

  it('a pause entirely outside working time moves nothing', async () => {
    const t = await ticket('help');
    const c = await start({ ticketId: t.id, kind: 'handle', startAt: local('2026-11-23', '10:00') });
    await h.deps.db.transaction((tx) => pauseClock(tx, h.deps, { ticketId: t.id }, local('2026-11-27', '18:00'), 'x'));
    const [r] = await h.deps.db.transaction((tx) =>
      resumeClock(tx, h.deps, { ticketId: t.id }, local('2026-11-30', '08:30'), 'y'),
    );
    expect(r?.dueAt?.toISOString()).toBe(c.dueAt.toISOString());
  });

  it('extension, restart and stop keep every deadline ever had', async () => {
    const t = await ticket('help');
    const d = await dispatchRow(t.id);
    const c = await start({ ticketId: t.id, dispatchId: d.id, kind: 'handle', startAt: local('2026-11-23', '10:00') });
    const ext = await h.deps.db.transaction((tx) =>
      extendClock(tx, h.deps, { dispatchId: d.id, kind: 'handle' }, local('2026-12-07', '17:30'), {
        actorId: ref.userByName.get('dispatcher1') ?? null,
        reason: '需协调多部门',
      }),
    );
    expect(ext.oldDueAt.toISOString()).toBe(c.dueAt.toISOString());
    expect(ext.newDueAt.toISOString()).toBe(local('2026-12-07', '17:30').toISOString());
    await h.deps.db.transaction((tx) =>
      stopClock(tx, h.deps, { dispatchId: d.id, kind: 'handle' }, local('2026-12-03', '11:00'), 'replied'),
    );
    const stopped = await clockRow(c.clockId);
    expect(stopped.status).toBe('stopped');
    expect(stopped.dueAt?.toISOString()).toBe(local('2026-12-07', '17:30').toISOString());
    const re = await h.deps.db.transaction((tx) =>
      restartClock(tx, h.deps, {
        ticketId: t.id,
        dispatchId: d.id,
        kind: 'handle',
        startAt: local('2026-12-08', '09:00'),
        reason: '重办',
      }),
    );
    expect(re.clockId).toBe(c.clockId);
    expect(re.dueAt.toISOString()).toBe(local('2026-12-15', '17:30').toISOString());
    const segs = await h.deps.db
      .select()
      .from(slaClockSegments)
      .where(eq(slaClockSegments.clockId, c.clockId))
      .orderBy(asc(slaClockSegments.id));
    expect(segs.map((s) => [s.kind, s.oldDueAt?.toISOString() ?? null, s.newDueAt?.toISOString() ?? null])).toEqual([
      ['started', null, local('2026-11-30', '17:30').toISOString()],
      ['extended', local('2026-11-30', '17:30').toISOString(), local('2026-12-07', '17:30').toISOString()],
      ['stopped', local('2026-12-07', '17:30').toISOString(), local('2026-12-07', '17:30').toISOString()],
      ['restarted', local('2026-12-07', '17:30').toISOString(), local('2026-12-15', '17:30').toISOString()],
    ]);
    expect(segs[1]?.reason).toBe('需协调多部门');
    expect(segs[1]?.actorId).toBe(ref.userByName.get('dispatcher1'));
    expect((await clockRow(c.clockId)).round).toBe(2);
  });

  it('start is idempotent for the same instant and supersedes an older open clock', async () => {
    const t = await ticket('help');
    const d = await dispatchRow(t.id);
    const a = await start({ ticketId: t.id, dispatchId: d.id, kind: 'sign', startAt: local('2026-11-23', '10:00') });
    const b = await start({ ticketId: t.id, dispatchId: d.id, kind: 'sign', startAt: local('2026-11-23', '10:00') });
    expect(b.clockId).toBe(a.clockId);
    const c = await start({ ticketId: t.id, dispatchId: d.id, kind: 'sign', startAt: local('2026-11-23', '11:00') });
    expect(c.clockId).not.toBe(a.clockId);
    expect((await clockRow(a.clockId)).stopReason).toBe('superseded');
    const [dd] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, d.id));
    expect(dd?.signDueAt?.toISOString()).toBe(local('2026-11-23', '14:30').toISOString());
  });
});

describe('timer firing is exactly once per (clock, event, deadline)', () => {
  it('fires once, runs handlers once, and a job for a moved deadline does nothing', async () => {
    const seen: number[] = [];
    const off = onClockEvent('revisit', 'breach', async (_tx, _deps, clock) => {
      seen.push(clock.id);
    });
    try {
      const t = await ticket('help');
      const c = await start({ ticketId: t.id, kind: 'revisit', startAt: local('2026-11-23', '10:00') });
      const target = c.dueAt.getTime();
      expect(await fireClockEvent(h.deps, { clockId: c.clockId, event: 'breach', targetMs: target })).toMatchObject({
        outcome: 'early',
      });
      h.clock.set(new Date(target + 5000));
      const first = await fireClockEvent(h.deps, { clockId: c.clockId, event: 'breach', targetMs: target });
      expect(first.outcome).toBe('fired');
      expect(first.lagMs).toBe(5000);
      const again = await fireClockEvent(h.deps, { clockId: c.clockId, event: 'breach', targetMs: target });
      expect(again.outcome).toBe('already');
      expect(seen).toEqual([c.clockId]);
      expect(await events(t.id, 'sla.breached')).toHaveLength(1);
    } finally {
      off();
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('a timer firing after its deadline was extended does nothing', async () => {
    const t = await ticket('consultation');
    const d = await dispatchRow(t.id);
    const c = await start({ ticketId: t.id, dispatchId: d.id, kind: 'handle', startAt: local('2026-11-23', '10:00') });
    await h.deps.db.transaction((tx) =>
      extendClock(tx, h.deps, { dispatchId: d.id, kind: 'handle' }, local('2026-12-04', '17:30'), {
        actorId: null,
        reason: '延期',
      }),
    );
    h.clock.set(new Date(c.dueAt.getTime() + 60_000));
    try {
      const late = await fireClockEvent(h.deps, { clockId: c.clockId, event: 'breach', targetMs: c.dueAt.getTime() });
      expect(late.outcome).toBe('stale');
      expect(await events(t.id, 'sla.breached')).toHaveLength(0);
      // The sweep agrees: the new deadline is not due.
      await fireDueClocks(h.deps);
      expect(await events(t.id, 'sla.breached')).toHaveLength(0);
      expect((await clockRow(c.clockId)).breachedAt).toBeNull();
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('fireDueClocks fires every overdue clock with no cap per run, warnings before breaches', async () => {
    const t = await ticket('help');
    // One clock through the service, 1,199 copies of its row in bulk: the subject is the sweep.
    const first = await start({
      ticketId: t.id,
      dispatchId: 100_000,
      kind: 'handle',
      startAt: local('2026-11-23', '10:00'),
      limit: { hours: 1 },
    });
    await h.deps.db.execute(sql`insert into sla_clocks (ticket_id, dispatch_id, kind, status, limit_source, "limit",
        warn_percent, started_at, due_at, warn_at)
      select ticket_id, dispatch_id + g, kind, status, limit_source, "limit", warn_percent, started_at, due_at, warn_at
      from sla_clocks, generate_series(1, 1199) g where id = ${first.clockId}`);
    h.clock.set(local('2026-11-23', '11:30'));
    try {
      const res = await fireDueClocks(h.deps, h.clock.now(), 100);
      expect(res).toEqual({ fired: 2400, failed: 0 });
      const stamped = await h.deps.db
        .select({ id: slaClocks.id, warnedAt: slaClocks.warnedAt, breachedAt: slaClocks.breachedAt })
        .from(slaClocks)
        .where(eq(slaClocks.ticketId, t.id));
      expect(stamped).toHaveLength(1200);
      expect(stamped.every((c) => c.warnedAt && c.breachedAt)).toBe(true);
      expect(await events(t.id, 'sla.breached')).toHaveLength(1200);
      expect(await events(t.id, 'sla.warning')).toHaveLength(1200);
      const [firstWarning] = await events(t.id, 'sla.warning');
      const [firstBreach] = await events(t.id, 'sla.breached');
      expect(must(firstWarning).id).toBeLessThan(must(firstBreach).id);
      expect((await fireDueClocks(h.deps)).fired).toBe(0);
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });
});

describe('policies by explicit order and recomputation', () => {
  it('first match by position, not by name; a policy edit recomputes open clocks with a reason', async () => {
    const [broad] = await h.deps.db
      .insert(slaPolicies)
      .values({
        name: 'A 所有求助',
        position: 20,
        ticketType: 'help',
        limits: { handle: { value: 7, unit: 'working_days' } },
        warnPercent: 75,
      })
      .returning();
    const [narrow] = await h.deps.db
      .insert(slaPolicies)
      .values({
        name: 'Z 求助',
        position: 10,
        ticketType: 'help',
        limits: { handle: { value: 4, unit: 'working_days' } },
        warnPercent: 75,
      })
      .returning();
    const t = await ticket('help');
    const c = await start({ ticketId: t.id, kind: 'handle', startAt: local('2026-11-23', '10:00') });
    expect(c.dueAt.toISOString()).toBe(local('2026-11-27', '17:30').toISOString());
    expect((await clockRow(c.clockId)).policyId).toBe(narrow?.id);

    // Reorder: the 7-day policy now comes first.
    await h.deps.db
      .update(slaPolicies)
      .set({ position: 5 })
      .where(eq(slaPolicies.id, must(broad).id));
    const runId = await h.deps.db.transaction((tx) =>
      requestRecompute(tx, h.deps, { scope: 'policies' }, '策略顺序调整', null),
    );
    const progress: number[] = [];
    const run = await runRecompute(h.deps, runId, { batchSize: 7, onProgress: (r) => void progress.push(r.processed) });
    expect(run.status).toBe('done');
    expect(run.moved).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    const after = await clockRow(c.clockId);
    expect(after.dueAt?.toISOString()).toBe(local('2026-12-02', '17:30').toISOString());
    expect(after.policyId).toBe(broad?.id);
    const ev = await events(t.id, 'sla.recomputed');
    expect(ev).toHaveLength(1);
    expect(ev[0]?.payload).toMatchObject({
      reason: '策略顺序调整',
      oldDueAt: local('2026-11-27', '17:30').toISOString(),
      newDueAt: local('2026-12-02', '17:30').toISOString(),
    });
    await h.deps.db.delete(slaPolicies);
  });
});
