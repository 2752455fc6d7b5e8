import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisits, tickets } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { type Counter, zeroCounters } from '../domain/kpi/counters.ts';
import { type Delta, emptyFoldState, foldEvents, type KpiEvent } from '../domain/kpi/fold.ts';
import { catchUp, rebuildKpis } from '../services/kpi/maintain.ts';
import { kpiRankings } from '../services/kpi/rankings.ts';
import { kpiReport } from '../services/kpi/report.ts';
import { call, categoryId, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must } from './helpers/seed.ts';
import { dumpRollups } from './kpiDb.ts';

/**
 * Regression: a 群体事件 member is answered through its lead's dispatch and has none of its own. Its closing,
 * revisit and re-handle belong to the unit that answered it, not to the centre level (unit 0), so that
 * the unit's revisit and re-handle rates and its rankings include every citizen it served.
 */
let h: Harness;
let ref: ReferenceIds;
let cgj = 0;
const MONTH = { from: '2026-11-01', to: '2026-12-01' };

beforeAll(async () => {
  h = await createHarness({ now: sh('2026-11-23 09:30').toISOString(), env: { RATE_LIMIT_DISABLED: '1' } });
  ref = await seedDispatchCity(h);
  cgj = unitId(ref, 'CGJ');
});
afterAll(() => h.close());

async function report(phone: string, address: string): Promise<number> {
  const res = await h.request('POST', '/api/public/complaints', {
    body: { phone, content: '路边井盖不见了，晚上很危险', address, categoryId: categoryId(ref, '井盖缺失') },
  });
  expect(res.status).toBe(201);
  const { ticketNo } = await res.json();
  const [t] = await h.deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.ticketNo, ticketNo));
  return must(t).id;
}

async function openRevisitOf(ticketId: number): Promise<number> {
  const rows = await h.deps.db
    .select({ id: revisits.id, status: revisits.status })
    .from(revisits)
    .where(eq(revisits.ticketId, ticketId))
    .orderBy(asc(revisits.id));
  return must(
    rows.find((r) => r.status === 'open'),
    `open revisit of ${ticketId}`,
  ).id;
}

/** Sign, reply and accept a dispatch as the unit and the dispatcher would. */
async function answer(dispatchId: number, dispatcher: string, unit: string, publicText: string) {
  expect((await call(h, 'POST', `/api/dispatches/${dispatchId}/sign`, unit)).status).toBe(200);
  h.clock.advance(2 * 3_600_000);
  const reply = await call(h, 'POST', `/api/dispatches/${dispatchId}/reply`, unit, { result: 'resolved', publicText });
  expect(reply.status).toBe(200);
  h.clock.advance(30 * 60_000);
  const review = await call(h, 'POST', `/api/dispatches/${dispatchId}/review`, dispatcher, { decision: 'accept' });
  expect(review.status).toBe(200);
}

async function revisit(ticketId: number, agent: string, result: string, comment?: string) {
  const r = await call(h, 'POST', `/api/revisits/${await openRevisitOf(ticketId)}/result`, agent, { result, comment });
  expect(r.status).toBe(200);
}

const pick = (c: Record<Counter, number>, names: readonly Counter[]) => Object.fromEntries(names.map((n) => [n, c[n]]));
const OUTCOMES = [
  'created',
  'closed',
  'closedDispatched',
  'closedRevisited',
  'closedRehandled',
  'rehandles',
  'revisitReached',
  'revisitSatisfied',
  'revisitDissatisfied',
  'dispatches',
  'completed',
  'completedOnTime',
] as const satisfies readonly Counter[];

describe('KPIs of a confirmed cluster', () => {
  it('counts the members served through the lead dispatch against the unit that answered', async () => {
    const lead = await report('13907352001', '城西区人民路88号');
    h.clock.advance(10 * 60_000);
    const m1 = await report('13907352002', '城西区人民路88号附近');
    h.clock.advance(10 * 60_000);
    const m2 = await report('13907352003', '城西区 人民路 88号门口');

    const dispatcher = await h.login('dispatcher1');
    const pending = await call(h, 'GET', `/api/intake/clusters?pending=true&ticketId=${lead}`, dispatcher);
    const clusterId = must(pending.body[0], 'proposed cluster').id;
    const confirmed = await call(h, 'POST', `/api/intake/clusters/${clusterId}/confirm`, dispatcher, {
      leadTicketId: lead,
    });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', memberCount: 3 });

    const d = await call(h, 'POST', `/api/tickets/${lead}/dispatch`, dispatcher, { unitId: cgj });
    expect(d.status).toBe(201);
    h.clock.advance(30 * 60_000);
    const unit = await h.login('cgj');
    await answer(d.body.dispatches[0].id, dispatcher, unit, '井盖已补装到位。');

    // Lead and m1 satisfied; m2 dissatisfied → re-handled alone by CGJ, then satisfied.
    const agent = await h.login('agent1');
    h.clock.advance(3_600_000);
    await revisit(lead, agent, 'satisfied');
    await revisit(m1, agent, 'satisfied');
    await revisit(m2, agent, 'dissatisfied', '井盖还是松动');
    const own = await call(h, 'GET', `/api/tickets/${m2}/dispatches`, agent);
    expect(own.body).toHaveLength(1);
    expect(own.body[0]).toMatchObject({ unitId: cgj, role: 'lead' });
    await answer(own.body[0].id, dispatcher, unit, '已加固井盖底座。');
    await revisit(m2, agent, 'satisfied');
    for (const id of [lead, m1, m2]) {
      expect((await h.deps.db.select().from(tickets).where(eq(tickets.id, id)))[0]?.status).toBe('closed');
    }

    await catchUp(h.deps.db);
    const byUnit = await kpiReport(h.deps.db, { ...MONTH, groupBy: ['unit'] });
    const row = (key: string) =>
      must(
        byUnit.rows.find((r) => r.keys[0]?.key === key),
        `row ${key}`,
      );
    expect(pick(row(String(cgj)).counters, OUTCOMES)).toEqual({
      ...pick(zeroCounters(), OUTCOMES),
      // all three citizens' closings and revisits; the member's re-handle too
      closed: 3,
      closedDispatched: 3,
      closedRevisited: 3,
      closedRehandled: 1,
      rehandles: 1,
      revisitReached: 4,
      revisitSatisfied: 3,
      revisitDissatisfied: 1,
      // dispatch counters stay per dispatch: the lead's, and m2's own re-handle round
      dispatches: 2,
      completed: 2,
      completedOnTime: 2,
    });
    // Intake stays at centre level; no outcome is left there.
    expect(pick(row('0').counters, OUTCOMES)).toEqual({ ...pick(zeroCounters(), OUTCOMES), created: 3 });
    const k = row(String(cgj)).kpis;
    expect(k.revisitRate).toEqual({ numerator: 3, denominator: 3, value: 1 });
    expect(k.rehandleRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(k.satisfactionRate).toEqual({ numerator: 3, denominator: 4, value: 3 / 4 });

    const ranking = await kpiRankings(h.deps.db, { ...MONTH, kpi: 'revisitRate' });
    expect(ranking.entries.find((e) => e.id === cgj)).toMatchObject({ rank: 1, numerator: 3, denominator: 3 });

    // A rebuild from the log attributes them the same way.
    const incremental = await dumpRollups(h.deps.db);
    await rebuildKpis(h.deps.db);
    expect(await dumpRollups(h.deps.db)).toEqual(incremental);
  });
});

describe('fold of a cluster member', () => {
  const UNIT = 7;
  const LEAD_DISPATCH = 50;
  const ev = (id: number, action: string, rest: Partial<KpiEvent> = {}): KpiEvent => ({
    id,
    ticketId: 2,
    dispatchId: null,
    unitId: null,
    at: sh('2026-11-23 10:00').getTime() + id * 60_000,
    action,
    toStatus: null,
    payload: {},
    ...rest,
  });
  const unitOf = (deltas: Delta[], counter: Counter) =>
    deltas.filter((d) => d.counter === counter).map((d) => d.unitId);
  const withLeadDispatch = () => {
    const s = emptyFoldState();
    s.ticketSeeds.set(2, { channel: 'web', categoryId: 10 });
    s.dispatchSeeds.set(LEAD_DISPATCH, { ticketId: 1, unitId: UNIT, role: 'lead', signDueAt: null, handleDueAt: null });
    return s;
  };

  it('takes the unit from the lead dispatch named in the payload when the event has no unit', () => {
    const deltas = foldEvents(
      [
        ev(1, 'ticket.created', { payload: { channel: 'web' } }),
        ev(2, 'ticket.cluster_reply', { payload: { leadTicketId: 1, dispatchId: LEAD_DISPATCH } }),
        ev(3, 'ticket.closed', { payload: { closeReason: 'no_revisit' } }),
      ],
      withLeadDispatch(),
    );
    expect(unitOf(deltas, 'created')).toEqual([0]);
    expect(unitOf(deltas, 'closed')).toEqual([UNIT]);
    expect(unitOf(deltas, 'closedDispatched')).toEqual([UNIT]);
  });
});
