import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, messages, revisits } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { fireDueClocks } from '../services/sla/index.ts';
import { call, categoryId, eventsOf, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/**
 * The whole loop, minute-exact on the default calendar (09:00–12:00, 13:30–17:30, Mon–Fri):
 * call → ticket → suggested unit → dispatched → deemed signed on timeout → extension approved →
 * reply rejected → reply accepted → revisit.
 */
let h: Harness;
let ref: ReferenceIds;
let unregister: () => void;

beforeAll(async () => {
  h = await createHarness({ now: sh('2026-11-23 10:00').toISOString() }); // Monday
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
});
afterAll(async () => {
  unregister();
  await h.close();
});

/** Moves the clock and logs in afresh (sessions last 12 hours). */
async function at(local: string, user: string): Promise<string> {
  h.clock.set(sh(local));
  return h.login(user);
}

const iso = (local: string) => sh(local).toISOString();

describe('full scenario', () => {
  it('call → ticket → suggestion → dispatch → deemed signed → extension → reply rejected → reply accepted', async () => {
    // 1. The call: an agent registers the ticket (no category chosen, only what the citizen said).
    const agent = await at('2026-11-23 10:00', 'agent1');
    const created = await call(h, 'POST', '/api/tickets', agent, {
      type: 'report',
      content: '湖滨路口长期有商户占道经营，货物堆满人行道，行人只能走机动车道',
      address: '城西区西湖街道湖滨路18号',
      phone: '13807345678',
      name: '李女士',
    });
    expect(created.status).toBe(201);
    const ticketId: number = created.body.id;
    const street = unitId(ref, 'CX01');
    const leaf = categoryId(ref, '占道经营');

    // 2. Suggestions: the street office responsible for that place ranks first.
    const disp = await at('2026-11-23 10:05', 'dispatcher1');
    const sug = await call(h, 'GET', `/api/tickets/${ticketId}/suggestions`, disp);
    expect(sug.status).toBe(200);
    expect(sug.body.jurisdiction).toMatchObject({ unitId: street, unitName: '城西区西湖街道' });
    expect(sug.body.suggestions[0]).toMatchObject({ unitId: street, categoryId: leaf, unitName: '城西区西湖街道' });
    expect(sug.body.suggestions[0].reasons.join(' ')).toMatch(/权责清单/);
    expect(sug.body.suggestions[0].confidence).toBeGreaterThan(0.5);

    // 3. One click: dispatched to the suggested unit with the suggested category.
    const d = await call(h, 'POST', `/api/tickets/${ticketId}/dispatch`, disp, { unitId: street, categoryId: leaf });
    expect(d.status).toBe(201);
    expect(d.body.acceptedSuggestion).toBe(true);
    const dispatchId: number = d.body.dispatches[0].id;
    expect(d.body.dispatches[0]).toMatchObject({
      status: 'dispatched',
      // Sign within 2 working hours: 10:05–12:00, lunch, 13:30–13:35.
      signDueAt: iso('2026-11-23 13:35'),
      handleDueAt: null,
    });

    // 4. Nobody signs. Past the sign window the timer deems it signed (超时默认签收), at the deadline itself.
    h.clock.set(sh('2026-11-23 13:36'));
    const fired = await fireDueClocks(h.deps, h.clock.now());
    expect(fired.failed).toBe(0);
    expect(fired.fired).toBeGreaterThanOrEqual(1);
    const [deemed] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, dispatchId));
    expect(deemed).toMatchObject({
      status: 'handling',
      deemedSigned: true,
      signedAt: sh('2026-11-23 13:35'),
      // 占道经营: 3 working days, counted from the lapse: end of Thursday.
      handleDueAt: sh('2026-11-26 17:30'),
    });
    // Firing again does nothing (exactly once per deadline).
    expect((await fireDueClocks(h.deps, h.clock.now())).fired).toBe(0);

    // 5. The street office asks for more time before the deadline; the centre grants a shorter extension.
    const unit = await at('2026-11-24 10:00', 'cx01');
    const ask = await call(h, 'POST', `/api/dispatches/${dispatchId}/extension`, unit, {
      dueAt: iso('2026-12-03 17:30'),
      reason: '需联合市场监管部门清理，涉及多家商户',
    });
    expect(ask.status).toBe(200);
    expect(ask.body.extensionStatus).toBe('requested');
    const disp2 = await at('2026-11-24 11:00', 'dispatcher1');
    const grant = await call(h, 'POST', `/api/dispatches/${dispatchId}/extension-decision`, disp2, {
      decision: 'approve',
      dueAt: iso('2026-12-02 17:30'),
      note: '同意延期至 12 月 2 日',
    });
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ extensionStatus: 'approved', handleDueAt: iso('2026-12-02 17:30') });
    // The deadline history shows the old and the new target.
    const clocks = await call(h, 'GET', `/api/tickets/${ticketId}/clocks`, disp2);
    expect(clocks.status).toBe(200);
    const handle = clocks.body.find((c: { kind: string }) => c.kind === 'handle');
    expect(handle.deadlines).toEqual([iso('2026-11-26 17:30'), iso('2026-12-02 17:30')]);
    const ext = handle.segments.find((s: { kind: string }) => s.kind === 'extended');
    expect(ext).toMatchObject({ oldDueAt: iso('2026-11-26 17:30'), newDueAt: iso('2026-12-02 17:30') });
    const sign = clocks.body.find((c: { kind: string }) => c.kind === 'sign');
    expect(sign).toMatchObject({ status: 'stopped', stopReason: 'deemed_signed', dueAt: iso('2026-11-23 13:35') });

    // 6. The unit replies; the centre rejects the reply with a reason: back to the unit, 3 working days.
    const unit2 = await at('2026-11-25 15:00', 'cx01');
    const r1 = await call(h, 'POST', `/api/dispatches/${dispatchId}/reply`, unit2, {
      result: 'resolved',
      publicText: '已清理。',
      internalNotes: '现场劝离',
    });
    expect(r1.status).toBe(200);
    expect(r1.body.status).toBe('replied');
    expect((await call(h, 'GET', `/api/tickets/${ticketId}`, unit2)).body.status).toBe('replied');
    const disp3 = await at('2026-11-25 16:00', 'dispatcher1');
    const rej = await call(h, 'POST', `/api/dispatches/${dispatchId}/review`, disp3, {
      decision: 'reject',
      reason: '答复过于简单，请说明清理范围和长效管理措施',
    });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'handling', handleDueAt: iso('2026-11-30 17:30') });
    expect((await call(h, 'GET', `/api/tickets/${ticketId}`, disp3)).body).toMatchObject({
      status: 'handling',
      dueAt: iso('2026-11-30 17:30'),
    });

    // 7. The second reply is accepted: the ticket goes to the citizen's revisit.
    const unit3 = await at('2026-11-26 10:00', 'cx01');
    const r2 = await call(h, 'POST', `/api/dispatches/${dispatchId}/reply`, unit3, {
      result: 'resolved',
      publicText: '已联合市场监管所清理湖滨路口占道商户 6 家，设置隔离护栏，每日两次巡查。',
      attachments: [{ name: '整治后.jpg', url: '/files/after.jpg', contentType: 'image/jpeg' }],
    });
    expect(r2.status).toBe(200);
    const disp4 = await at('2026-11-26 11:00', 'dispatcher1');
    const acc = await call(h, 'POST', `/api/dispatches/${dispatchId}/review`, disp4, { decision: 'accept' });
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted', closedAt: iso('2026-11-26 11:00') });
    const ticket = await call(h, 'GET', `/api/tickets/${ticketId}`, disp4);
    expect(ticket.body).toMatchObject({ status: 'revisit', categoryId: leaf });
    const rv = await h.deps.db.select().from(revisits).where(eq(revisits.ticketId, ticketId));
    expect(rv).toHaveLength(1);

    // Every event, in order, at its minute.
    const ev = (await eventsOf(h, ticketId)).filter(
      (e) => e.action.startsWith('dispatch.') || e.action.startsWith('ticket.') || e.action.startsWith('sla.'),
    );
    const seq = ev.map((e) => [e.action, e.at.toISOString(), e.fromStatus, e.toStatus]);
    expect(seq).toEqual([
      ['ticket.created', iso('2026-11-23 10:00'), null, 'registered'],
      ['ticket.updated', iso('2026-11-23 10:05'), null, null],
      ['dispatch.created', iso('2026-11-23 10:05'), null, 'dispatched'],
      ['sla.breached', iso('2026-11-23 13:36'), null, null],
      ['dispatch.deemed_signed', iso('2026-11-23 13:35'), 'dispatched', 'handling'],
      ['dispatch.extension_requested', iso('2026-11-24 10:00'), 'handling', 'handling'],
      ['dispatch.extension_approved', iso('2026-11-24 11:00'), 'handling', 'handling'],
      ['dispatch.replied', iso('2026-11-25 15:00'), 'handling', 'replied'],
      ['dispatch.reply_rejected', iso('2026-11-25 16:00'), 'replied', 'handling'],
      ['dispatch.replied', iso('2026-11-26 10:00'), 'handling', 'replied'],
      ['dispatch.reply_accepted', iso('2026-11-26 11:00'), 'replied', 'accepted'],
    ]);
    const byAction = (a: string) => ev.filter((e) => e.action === a);
    expect(byAction('dispatch.deemed_signed')[0]?.payload).toMatchObject({
      lapse: true,
      signDueAt: iso('2026-11-23 13:35'),
      handleDueAt: iso('2026-11-26 17:30'),
      recordedAt: iso('2026-11-23 13:36'),
      ticketFrom: 'dispatched',
      ticketTo: 'handling',
    });
    expect(byAction('dispatch.extension_approved')[0]?.payload).toMatchObject({
      oldDueAt: iso('2026-11-26 17:30'),
      newDueAt: iso('2026-12-02 17:30'),
      requestedDueAt: iso('2026-12-03 17:30'),
    });
    expect(byAction('dispatch.reply_rejected')[0]?.payload).toMatchObject({
      reason: '答复过于简单，请说明清理范围和长效管理措施',
      handleDueAt: iso('2026-11-30 17:30'),
      ticketFrom: 'replied',
      ticketTo: 'handling',
    });
    expect(byAction('dispatch.replied')[0]?.payload).toMatchObject({ onTime: true, ticketTo: 'replied' });
    for (const e of byAction('dispatch.created')) expect(e.unitId).toBe(street);
    // Follow-up took over: the revisit event follows the acceptance.
    const all = await eventsOf(h, ticketId);
    const accIdx = all.findIndex((e) => e.action === 'dispatch.reply_accepted');
    expect(all.slice(accIdx + 1).some((e) => e.action === 'revisit.due')).toBe(true);

    // What the citizen was told: dispatched, extended, and the answer with the revisit question.
    const out = await h.deps.db
      .select({ template: messages.template })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'out')))
      .orderBy(asc(messages.id));
    expect(out.map((m) => m.template)).toEqual(
      expect.arrayContaining(['ticket.dispatched', 'ticket.extended', 'revisit.sms']),
    );
  });
});
