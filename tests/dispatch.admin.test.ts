import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoDispatchLog, catalogueEntries } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { runAutoDispatchSweep } from '../services/dispatch/auto.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { fireDueClocks } from '../services/sla/index.ts';
import { agentTicket, call, categoryId, eventsOf, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let ref: ReferenceIds;
let admin: string;
let agent: string;
let agent2: string;
let disp: string;
let sup: string;
let cgj: string;
let unregister: () => void;

async function login() {
  [admin, agent, agent2, disp, sup, cgj] = await Promise.all(
    ['admin', 'agent1', 'agent2', 'dispatcher1', 'supervisor1', 'cgj'].map((u) => h.login(u)),
  );
}

beforeAll(async () => {
  h = await createHarness({ now: sh('2026-11-23 10:00').toISOString() });
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
  await login();
});
afterAll(async () => {
  unregister();
  await h.close();
});

describe('responsibility catalogue (权责清单) CRUD', () => {
  it('lists the catalogue with filters, effective-at and react-admin headers', async () => {
    const leaf = categoryId(ref, '占道经营');
    const res = await h.request('GET', `/api/catalogue?categoryId=${leaf}&_start=0&_end=50`, { token: disp });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('9'); // city-wide + 8 streets
    const cityWide = await call(h, 'GET', `/api/catalogue?categoryId=${leaf}&jurisdictionId=city`, disp);
    expect(cityWide.body).toHaveLength(1);
    expect(cityWide.body[0]).toMatchObject({ unitId: unitId(ref, 'CGJ'), jurisdictionId: null });
  });

  it('only administrators edit; inputs are validated field by field', async () => {
    const body = {
      categoryId: categoryId(ref, '路灯'),
      jurisdictionId: unitId(ref, 'GX01'),
      unitId: unitId(ref, 'GX01'),
    };
    expect((await call(h, 'POST', '/api/catalogue', disp, body)).status).toBe(403);
    const bad = await call(h, 'POST', '/api/catalogue', admin, { ...body, jurisdictionId: unitId(ref, 'CGJ') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('jurisdictionId');
    const noUnit = await call(h, 'POST', '/api/catalogue', admin, { ...body, unitId: ref.centreId });
    expect(noUnit.status).toBe(400);
    const dates = await call(h, 'POST', '/api/catalogue', admin, {
      ...body,
      effectiveFrom: '2026-12-01T00:00:00+08:00',
      effectiveTo: '2026-11-01T00:00:00+08:00',
    });
    expect(dates.status).toBe(400);
    expect(dates.body.error.fields[0].path).toBe('effectiveTo');
  });

  it('a street takes over a matter from a date: overlaps are refused unless replacing, and suggestions follow', async () => {
    const leaf = categoryId(ref, '路灯');
    const gx01 = unitId(ref, 'GX01');
    // Until now 路灯 is city-wide CGJ.
    const before = await call(h, 'POST', '/api/routing/suggest', disp, {
      content: '路灯坏了，晚上很黑',
      address: '高新区科创街道科创大道1号',
    });
    expect(before.body.suggestions[0]).toMatchObject({ unitId: unitId(ref, 'CGJ'), categoryId: leaf });
    const street = await call(h, 'POST', '/api/catalogue', admin, {
      categoryId: leaf,
      jurisdictionId: gx01,
      unitId: gx01,
      note: '高新区路灯移交街道管理',
    });
    expect(street.status).toBe(201);
    const after = await call(h, 'POST', '/api/routing/suggest', disp, {
      content: '路灯坏了，晚上很黑',
      address: '高新区科创街道科创大道1号',
    });
    expect(after.body.suggestions[0]).toMatchObject({ unitId: gx01, categoryId: leaf });
    // Elsewhere still CGJ.
    const elsewhere = await call(h, 'POST', '/api/routing/suggest', disp, {
      content: '路灯坏了',
      address: '城东区东风街道幸福路1号',
    });
    expect(elsewhere.body.suggestions[0].unitId).toBe(unitId(ref, 'CGJ'));
    // A second row for the same place and time is ambiguous: 409 naming the clash.
    const clash = await call(h, 'POST', '/api/catalogue', admin, {
      categoryId: leaf,
      jurisdictionId: gx01,
      unitId: unitId(ref, 'GX'),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.conflictingIds).toEqual([street.body.id]);
    // Handover from a future date: the old row is closed at that date.
    const from = '2026-12-01T00:00:00+08:00';
    const handover = await call(h, 'POST', '/api/catalogue', admin, {
      categoryId: leaf,
      jurisdictionId: gx01,
      unitId: unitId(ref, 'GX'),
      effectiveFrom: from,
      replaceExisting: true,
    });
    expect(handover.status).toBe(201);
    const old = await call(h, 'GET', `/api/catalogue/${street.body.id}`, disp);
    expect(old.body.effectiveTo).toBe(new Date(from).toISOString());
    const dec = await call(
      h,
      'GET',
      `/api/catalogue?categoryId=${leaf}&jurisdictionId=${gx01}&effectiveAt=2026-12-05`,
      disp,
    );
    expect(dec.body.map((r: { id: number }) => r.id)).toEqual([handover.body.id]);
    // Update and delete (deactivate, history kept).
    const upd = await call(h, 'PUT', `/api/catalogue/${handover.body.id}`, admin, {
      ...handover.body,
      coUnitIds: [unitId(ref, 'GDJ')],
      note: '供电公司协办',
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ coUnitIds: [unitId(ref, 'GDJ')], note: '供电公司协办' });
    const del = await call(h, 'DELETE', `/api/catalogue/${street.body.id}`, admin);
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    const [row] = await h.deps.db.select().from(catalogueEntries).where(eq(catalogueEntries.id, street.body.id));
    expect(row).toBeTruthy();
  });
});

describe('auto-dispatch rules', () => {
  it('CRUD with validation, then a matching ticket is dispatched without a human look', async () => {
    const leak = categoryId(ref, '燃气泄漏');
    const empty = await call(h, 'POST', '/api/auto-rules', sup, { name: '空规则', conditions: {} });
    expect(empty.status).toBe(400);
    expect(
      (await call(h, 'POST', '/api/auto-rules', cgj, { name: 'x', conditions: { categoryIds: [leak] } })).status,
    ).toBe(403);
    const badRef = await call(h, 'POST', '/api/auto-rules', sup, {
      name: '错误',
      conditions: { categoryIds: [999999] },
      unitId: unitId(ref, 'RQJ'),
    });
    expect(badRef.status).toBe(400);
    const rule = await call(h, 'POST', '/api/auto-rules', sup, {
      name: '燃气泄漏直派',
      sortOrder: 10,
      conditions: { categoryIds: [leak] },
      unitId: null, // by the catalogue: RQJ, with its co-handling unit
      instructions: '立即上门',
    });
    expect(rule.status).toBe(201);
    const list = await call(h, 'GET', '/api/auto-rules', disp);
    expect(list.body.map((r: { name: string }) => r.name)).toContain('燃气泄漏直派');

    const t = await agentTicket(h, agent, { content: '楼道里有很重的燃气味', categoryId: leak });
    const other = await agentTicket(h, agent, { content: '路灯不亮', categoryId: categoryId(ref, '路灯') });
    const res = await call(h, 'POST', `/api/tickets/${t.id}/auto-dispatch`, agent);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'dispatched', ruleId: rule.body.id });
    const ds = await call(h, 'GET', `/api/tickets/${t.id}/dispatches`, disp);
    expect(ds.body.map((d: { unitName: string; role: string }) => [d.unitName, d.role])).toEqual([
      ['市燃气集团', 'lead'],
      ['市应急管理局', 'co'],
    ]);
    expect(ds.body[0].instructions).toBe('立即上门');
    const ev = await eventsOf(h, t.id);
    expect(ev.some((e) => e.action === 'dispatch.auto_dispatched')).toBe(true);
    // Evaluated once: asking again changes nothing.
    expect((await call(h, 'POST', `/api/tickets/${t.id}/auto-dispatch`, agent)).body.outcome).toBe('dispatched');
    // The sweep picks up the rest; a ticket no rule covers waits for a dispatcher.
    const counts = await runAutoDispatchSweep(h.deps, h.clock.now());
    expect(counts.dispatched).toBe(0);
    const [log] = await h.deps.db.select().from(autoDispatchLog).where(eq(autoDispatchLog.ticketId, other.id));
    expect(log?.outcome).toBe('no_rule');
    const upd = await call(h, 'PATCH', `/api/auto-rules/${rule.body.id}`, sup, { active: false });
    expect(upd.body.active).toBe(false);
    expect((await call(h, 'DELETE', `/api/auto-rules/${rule.body.id}`, sup)).status).toBe(200);
    expect((await call(h, 'GET', `/api/auto-rules/${rule.body.id}`, sup)).status).toBe(404);
  });
});

describe('first-asker responsibility: my tickets', () => {
  it('GET /api/tickets?mine=true lists only the tickets this agent registered, to the end', async () => {
    const a = await agentTicket(h, agent, { content: '我的工单一' });
    const b = await agentTicket(h, agent2, { content: '别人的工单' });
    const mine = await call(h, 'GET', '/api/tickets?mine=true&_start=0&_end=500', agent);
    const ids = mine.body.map((t: { id: number }) => t.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(mine.body.every((t: { createdById: number }) => t.createdById === mine.body[0].createdById)).toBe(true);
    // It stays in "my tickets" through dispatch and handling.
    await call(h, 'POST', `/api/tickets/${a.id}/dispatch`, disp, { unitId: unitId(ref, 'CGJ') });
    const still = await call(h, 'GET', '/api/tickets?mine=true&status=dispatched', agent);
    expect(still.body.map((t: { id: number }) => t.id)).toContain(a.id);
    // The agent follows its dispatches too.
    const ds = await call(h, 'GET', `/api/tickets/${a.id}/dispatches`, agent);
    expect(ds.status).toBe(200);
    expect(ds.body).toHaveLength(1);
  });
});

describe('supervision (督办)', () => {
  it('opens a case over several tickets, escalates to the unit leader when its deadline passes, closes', async () => {
    const t1 = await agentTicket(h, agent, { content: '路灯坏了很久' });
    const t2 = await agentTicket(h, agent, { content: '另一处路灯也坏了' });
    for (const t of [t1, t2])
      await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, { unitId: unitId(ref, 'CGJ') });
    expect(
      (await call(h, 'POST', '/api/supervision', disp, { title: 'x', reason: 'y', ticketIds: [t1.id] })).status,
    ).toBe(403);
    const bad = await call(h, 'POST', '/api/supervision', sup, {
      title: '路灯',
      reason: '多次投诉',
      ticketIds: [999999],
    });
    expect(bad.status).toBe(400);
    const opened = await call(h, 'POST', '/api/supervision', sup, {
      title: '城东区路灯长期不亮',
      reason: '市民多次反映，影响夜间出行安全',
      ticketIds: [t1.id, t2.id],
      workingDays: 2,
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      status: 'open',
      unitId: unitId(ref, 'CGJ'),
      ticketIds: [t1.id, t2.id],
      dueAt: sh('2026-11-25 17:30').toISOString(),
      level: 0,
    });
    const twice = await call(h, 'POST', '/api/supervision', sup, { title: '重复', reason: '重复', ticketIds: [t2.id] });
    expect(twice.status).toBe(409);
    for (const t of [t1, t2]) {
      expect((await eventsOf(h, t.id)).some((e) => e.action === 'dispatch.supervised')).toBe(true);
    }
    // The unit sees the case over itself.
    const unitView = await call(h, 'GET', `/api/supervision?ticketId=${t1.id}`, cgj);
    expect(unitView.body.map((c: { id: number }) => c.id)).toEqual([opened.body.id]);
    // Deadline passes: the timer escalates it to the unit's leader.
    h.clock.set(sh('2026-11-25 17:31'));
    try {
      await fireDueClocks(h.deps, h.clock.now());
      await login();
      const esc = await call(h, 'GET', `/api/supervision/${opened.body.id}`, sup);
      expect(esc.body).toMatchObject({ status: 'escalated', level: 1, overdue: true });
      expect(esc.body.escalatedTo).toContain('市城市管理局');
      const ev = await eventsOf(h, t2.id);
      expect(ev.find((e) => e.action === 'dispatch.supervision_escalated')?.payload).toMatchObject({
        caseId: opened.body.id,
        level: 1,
      });
      const manual = await call(h, 'POST', `/api/supervision/${opened.body.id}/escalate`, sup, { note: '再次升级' });
      expect(manual.body.level).toBe(2);
      const closed = await call(h, 'POST', `/api/supervision/${opened.body.id}/close`, sup, {
        resultNote: '路灯已全部修复，建立巡查机制',
      });
      expect(closed.body).toMatchObject({ status: 'closed', resultNote: '路灯已全部修复，建立巡查机制' });
      const again = await call(h, 'POST', `/api/supervision/${opened.body.id}/close`, sup, { resultNote: 'x' });
      expect(again.status).toBe(409);
      const list = await h.request('GET', '/api/supervision?status=closed', { token: sup });
      expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    } finally {
      h.clock.set(sh('2026-11-23 10:00'));
      await login();
    }
  });
});

describe('API description', () => {
  it('documents every dispatch, routing, catalogue, auto-rule and supervision route', async () => {
    const res = await h.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/dispatches',
      '/api/dispatches/{id}',
      '/api/dispatches/{id}/sign',
      '/api/dispatches/{id}/return',
      '/api/dispatches/{id}/return-decision',
      '/api/dispatches/{id}/extension',
      '/api/dispatches/{id}/extension-decision',
      '/api/dispatches/{id}/reply',
      '/api/dispatches/{id}/review',
      '/api/dispatches/{id}/transfer',
      '/api/dispatches/{id}/urge',
      '/api/dispatches/{id}/cancel',
      '/api/dispatch-queues',
      '/api/tickets/{id}/dispatch',
      '/api/tickets/{id}/dispatches',
      '/api/tickets/{id}/suggestions',
      '/api/tickets/{id}/auto-dispatch',
      '/api/routing/suggest',
      '/api/routing/stats',
      '/api/catalogue',
      '/api/catalogue/{id}',
      '/api/auto-rules',
      '/api/auto-rules/{id}',
      '/api/supervision',
      '/api/supervision/{id}',
      '/api/supervision/{id}/escalate',
      '/api/supervision/{id}/close',
    ]) {
      expect(doc.paths[p], p).toBeTruthy();
    }
    // Without a token every one of them is 401.
    expect((await h.request('GET', '/api/dispatches')).status).toBe(401);
    expect((await h.request('POST', '/api/dispatches/1/sign')).status).toBe(401);
  });
});
