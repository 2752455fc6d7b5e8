import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, dispatchUrgings, revisits, routingFeedback, slaClocks, tickets } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { MAX_RETURNS_PER_TICKET } from '../domain/dispatch/rules.ts';
import { deadlineBand } from '../domain/sla/band.ts';
import type { BusMessage } from '../services/bus.ts';
import { runDispatchTx } from '../services/dispatch/effects.ts';
import { rehandleTicket } from '../services/dispatch/rehandle.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { fireDueClocks } from '../services/sla/index.ts';
import { agentTicket, call, eventsOf, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let ref: ReferenceIds;
let agent: string;
let disp: string;
let cgj: string;
let scj: string;
let cd: string;
let cd01: string;
let unregister: () => void;

async function login() {
  [agent, disp, cgj, scj, cd, cd01] = await Promise.all(
    ['agent1', 'dispatcher1', 'cgj', 'scjgj', 'cd', 'cd01'].map((u) => h.login(u)),
  );
}

beforeAll(async () => {
  h = await createHarness({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 in Shanghai
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
  await login();
});
afterAll(async () => {
  unregister();
  await h.close();
});

/** A ticket dispatched to CGJ (lead) now; returns the lead dispatch. */
async function dispatched(coCodes: string[] = []) {
  const t = await agentTicket(h, agent);
  const res = await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, {
    unitId: unitId(ref, 'CGJ'),
    coUnitIds: coCodes.map((c) => unitId(ref, c)),
    instructions: '请尽快处理',
  });
  expect(res.status).toBe(201);
  return { ticket: t, lead: res.body.dispatches.find((d: { role: string }) => d.role === 'lead'), res };
}

describe('dispatching a ticket', () => {
  it('creates the lead and co dispatches with sign deadlines, events and the ticket status', async () => {
    const { ticket, lead, res } = await dispatched(['SCJGJ']);
    expect(res.body.dispatches).toHaveLength(2);
    expect(lead).toMatchObject({ status: 'dispatched', role: 'lead', round: 1, unitName: '市城市管理局' });
    // 2 working hours from Monday 10:00 on the default calendar.
    expect(lead.signDueAt).toBe(sh('2026-11-23 12:00').toISOString());
    expect(lead.allowedActions).toEqual(['transfer', 'cancel', 'urge']);
    const t = await call(h, 'GET', `/api/tickets/${ticket.id}`, agent);
    expect(t.body.status).toBe('dispatched');
    const ev = await eventsOf(h, ticket.id);
    const created = ev.filter((e) => e.action === 'dispatch.created');
    expect(created).toHaveLength(2);
    expect(created[0]?.payload).toMatchObject({ role: 'lead', ticketFrom: 'registered', ticketTo: 'dispatched' });
    const fb = await h.deps.db.select().from(routingFeedback).where(eq(routingFeedback.ticketId, ticket.id));
    expect(fb).toHaveLength(1);
    expect(fb[0]).toMatchObject({ chosenUnitId: unitId(ref, 'CGJ'), source: 'dispatch' });
  });

  it('refuses a second lead in the same round, agents, and unknown units', async () => {
    const { ticket } = await dispatched();
    const again = await call(h, 'POST', `/api/tickets/${ticket.id}/dispatch`, disp, { unitId: unitId(ref, 'JTJ') });
    expect(again.status).toBe(409);
    const byAgent = await call(h, 'POST', `/api/tickets/${ticket.id}/dispatch`, agent, { unitId: unitId(ref, 'JTJ') });
    expect(byAgent.status).toBe(403);
    const t2 = await agentTicket(h, agent);
    const bad = await call(h, 'POST', `/api/tickets/${t2.id}/dispatch`, disp, { unitId: 999999 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('unitId');
    const centre = await call(h, 'POST', `/api/tickets/${t2.id}/dispatch`, disp, { unitId: ref.centreId });
    expect(centre.status).toBe(400);
    const missing = await call(h, 'POST', '/api/tickets/999999/dispatch', disp, { unitId: unitId(ref, 'JTJ') });
    expect(missing.status).toBe(404);
  });

  it('shows a unit only its own dispatches and hides other units’ tickets', async () => {
    const { ticket } = await dispatched(['SCJGJ']);
    const mine = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, scj);
    expect(mine.status).toBe(200);
    expect(mine.body.map((d: { unitName: string }) => d.unitName)).toEqual(['市市场监督管理局']);
    const other = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, cd01);
    expect(other.status).toBe(404);
  });
});

describe('signing and illegal transitions', () => {
  it('signs, starts the handling clock and then refuses a second signature with 409 and the current state', async () => {
    const { ticket, lead } = await dispatched();
    h.clock.advance(30 * 60_000);
    try {
      const s = await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({ status: 'handling', deemedSigned: false });
      // help, 路灯 (5 working days): end of Monday 30 November.
      expect(s.body.handleDueAt).toBe(sh('2026-11-30 17:30').toISOString());
      const t = await call(h, 'GET', `/api/tickets/${ticket.id}`, agent);
      expect(t.body).toMatchObject({ status: 'handling', dueAt: sh('2026-11-30 17:30').toISOString() });
      const again = await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'conflict', currentState: 'handling', dispatchId: lead.id });
    } finally {
      h.clock.advance(-30 * 60_000);
    }
  });

  it('forbids another unit and the centre from signing for the unit', async () => {
    const { lead } = await dispatched();
    expect((await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, scj)).status).toBe(403);
    expect((await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, disp)).status).toBe(403);
    expect((await call(h, 'POST', '/api/dispatches/999999/sign', cgj)).status).toBe(404);
  });

  it('lets exactly one of two simultaneous signatures win', async () => {
    const { lead } = await dispatched();
    const cgj2 = await h.login('cgj');
    const results = await Promise.all([
      call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj),
      call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const ev = await eventsOf(h, lead.ticketId);
    expect(ev.filter((e) => e.action === 'dispatch.signed')).toHaveLength(1);
  });

  it('lets exactly one of a signature and a return win', async () => {
    const { lead } = await dispatched();
    const results = await Promise.all([
      call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj),
      call(h, 'POST', `/api/dispatches/${lead.id}/return`, cgj, {
        reasonCode: 'not_our_duty',
        reasonText: '非本单位职责',
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [row] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, lead.id));
    const winner = results.find((r) => r.status === 200);
    expect(row?.status).toBe(winner?.body.status);
    const loser = results.find((r) => r.status === 409);
    expect(loser?.body.error.currentState).toBe(row?.status);
  });
});

describe('returns (退单)', () => {
  it('needs a reason code and text', async () => {
    const { lead } = await dispatched();
    const res = await call(h, 'POST', `/api/dispatches/${lead.id}/return`, cgj, { reasonCode: 'nope' });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['reasonCode', 'reasonText']));
  });

  it('is refused once the sign window has closed', async () => {
    const { lead } = await dispatched();
    h.clock.set(sh('2026-11-23 12:01'));
    try {
      const res = await call(h, 'POST', `/api/dispatches/${lead.id}/return`, cgj, {
        reasonCode: 'not_our_duty',
        reasonText: '非本单位职责',
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ reason: 'sign_window_closed', currentState: 'dispatched' });
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('approved: re-dispatched to the named unit; at most the maximum per ticket, then the centre assigns', async () => {
    const { ticket, lead } = await dispatched();
    const ret = await call(h, 'POST', `/api/dispatches/${lead.id}/return`, cgj, {
      reasonCode: 'wrong_jurisdiction',
      reasonText: '属街道管辖',
    });
    expect(ret.status).toBe(200);
    expect(ret.body.status).toBe('return_requested');
    expect(ret.body.pendingReturn).toMatchObject({ reasonCode: 'wrong_jurisdiction', reasonText: '属街道管辖' });
    // The unit cannot decide its own return.
    expect(
      (await call(h, 'POST', `/api/dispatches/${lead.id}/return-decision`, cgj, { decision: 'approve' })).status,
    ).toBe(403);
    const dec = await call(h, 'POST', `/api/dispatches/${lead.id}/return-decision`, disp, {
      decision: 'approve',
      newUnitId: unitId(ref, 'CD01'),
      note: '改派街道',
    });
    expect(dec.status).toBe(200);
    expect(dec.body).toMatchObject({ status: 'returned', closeReason: 'returned' });
    const all = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, disp);
    const second = all.body.find((d: { status: string }) => d.status === 'dispatched');
    expect(second).toMatchObject({ unitName: '城东区东风街道', round: 1, fromDispatchId: lead.id });
    // Second return (the maximum is 2)…
    let current = second;
    for (let i = 2; i <= MAX_RETURNS_PER_TICKET; i++) {
      const r = await call(h, 'POST', `/api/dispatches/${current.id}/return`, cd01, {
        reasonCode: 'not_our_duty',
        reasonText: '非本单位职责',
      });
      expect(r.status).toBe(200);
      const d = await call(h, 'POST', `/api/dispatches/${current.id}/return-decision`, disp, {
        decision: 'approve',
        newUnitId: unitId(ref, 'CD'),
      });
      expect(d.status).toBe(200);
      const list = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, disp);
      current = list.body.find((x: { status: string }) => x.status === 'dispatched');
    }
    // …after which the unit must handle it: a further return is refused.
    const over = await call(h, 'POST', `/api/dispatches/${current.id}/return`, cd, {
      reasonCode: 'other',
      reasonText: '还是不归我们',
    });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ reason: 'max_returns', currentState: 'dispatched' });
    const ev = await eventsOf(h, ticket.id);
    expect(ev.filter((e) => e.action === 'dispatch.return_requested')).toHaveLength(MAX_RETURNS_PER_TICKET);
    expect(ev.filter((e) => e.action === 'dispatch.return_approved')).toHaveLength(MAX_RETURNS_PER_TICKET);
  });

  it('overridden: the unit must handle it, its handling clock starts', async () => {
    const { lead } = await dispatched();
    await call(h, 'POST', `/api/dispatches/${lead.id}/return`, cgj, { reasonCode: 'other', reasonText: '人手不足' });
    const queue = await call(h, 'GET', '/api/dispatches?queue=returns', disp);
    expect(queue.body.map((d: { id: number }) => d.id)).toContain(lead.id);
    const dec = await call(h, 'POST', `/api/dispatches/${lead.id}/return-decision`, disp, {
      decision: 'override',
      note: '属于贵单位职责，请办理',
    });
    expect(dec.status).toBe(200);
    expect(dec.body.status).toBe('handling');
    expect(dec.body.handleDueAt).toBe(sh('2026-11-30 17:30').toISOString());
    const again = await call(h, 'POST', `/api/dispatches/${lead.id}/return-decision`, disp, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.currentState).toBe('handling');
  });
});

describe('extensions (延期)', () => {
  it('asked with a later date and a reason, approved to another date, shown in the deadline history', async () => {
    const { ticket, lead } = await dispatched();
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    const early = await call(h, 'POST', `/api/dispatches/${lead.id}/extension`, cgj, {
      dueAt: sh('2026-11-27 17:30').toISOString(),
      reason: '需要协调',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.fields[0].path).toBe('dueAt');
    const req = await call(h, 'POST', `/api/dispatches/${lead.id}/extension`, cgj, {
      dueAt: sh('2026-12-04 17:30').toISOString(),
      reason: '需协调供电部门更换线路',
    });
    expect(req.status).toBe(200);
    expect(req.body).toMatchObject({ status: 'handling', extensionStatus: 'requested' });
    const twice = await call(h, 'POST', `/api/dispatches/${lead.id}/extension`, cgj, {
      dueAt: sh('2026-12-07 17:30').toISOString(),
      reason: '再延',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ currentState: 'handling', extensionStatus: 'requested' });
    const queue = await call(h, 'GET', '/api/dispatches?queue=extensions', disp);
    expect(queue.body.map((d: { id: number }) => d.id)).toContain(lead.id);
    const ok = await call(h, 'POST', `/api/dispatches/${lead.id}/extension-decision`, disp, {
      decision: 'approve',
      dueAt: sh('2026-12-03 17:30').toISOString(),
      note: '批准至 12 月 3 日',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ extensionStatus: 'approved', handleDueAt: sh('2026-12-03 17:30').toISOString() });
    const t = await call(h, 'GET', `/api/tickets/${ticket.id}`, agent);
    expect(t.body.dueAt).toBe(sh('2026-12-03 17:30').toISOString());
    const ev = (await eventsOf(h, ticket.id)).find((e) => e.action === 'dispatch.extension_approved');
    expect(ev?.payload).toMatchObject({
      oldDueAt: sh('2026-11-30 17:30').toISOString(),
      newDueAt: sh('2026-12-03 17:30').toISOString(),
      requestedDueAt: sh('2026-12-04 17:30').toISOString(),
    });
    // The citizen is told (outbox row written in the same transaction).
    const msgs = await h.deps.db.execute(
      `select template from messages where ticket_id = ${ticket.id} and direction = 'out'` as never,
    );
    expect(JSON.stringify(msgs)).toContain('ticket.extended');
  });

  it('rejected: the deadline stays; a rejection needs a pending request', async () => {
    const { lead } = await dispatched();
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    const none = await call(h, 'POST', `/api/dispatches/${lead.id}/extension-decision`, disp, { decision: 'reject' });
    expect(none.status).toBe(409);
    await call(h, 'POST', `/api/dispatches/${lead.id}/extension`, cgj, {
      dueAt: sh('2026-12-04 17:30').toISOString(),
      reason: '材料未齐',
    });
    const no = await call(h, 'POST', `/api/dispatches/${lead.id}/extension-decision`, disp, {
      decision: 'reject',
      note: '时限内可办结',
    });
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ extensionStatus: 'rejected', handleDueAt: sh('2026-11-30 17:30').toISOString() });
  });
});

describe('co-handling (协办) and review', () => {
  it('the lead cannot close the round while a co unit still has time; afterwards the reply is reviewed', async () => {
    const { ticket, lead } = await dispatched(['SCJGJ']);
    const all = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, disp);
    const co = all.body.find((d: { role: string }) => d.role === 'co');
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    await call(h, 'POST', `/api/dispatches/${co.id}/sign`, scj);
    const reply = {
      result: 'resolved',
      publicText: '路灯已修复。',
      internalNotes: '更换灯头',
      attachments: [{ name: '修复后.jpg', url: '/files/x.jpg', size: 1024, contentType: 'image/jpeg' }],
    };
    const early = await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgj, reply);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ reason: 'co_pending', currentState: 'handling' });
    expect(early.body.error.pendingCo[0]).toMatchObject({ dispatchId: co.id });
    const coReply = await call(h, 'POST', `/api/dispatches/${co.id}/reply`, scj, {
      result: 'explained',
      publicText: '已配合检查线路。',
    });
    expect(coReply.status).toBe(200);
    expect(coReply.body.latestReply).toMatchObject({ reviewStatus: 'not_required' });
    const ok = await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgj, reply);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('replied');
    expect(ok.body.latestReply).toMatchObject({ result: 'resolved', reviewStatus: 'pending' });
    expect(ok.body.latestReply.attachments[0]).toMatchObject({ name: '修复后.jpg' });
    expect((await call(h, 'GET', `/api/tickets/${ticket.id}`, agent)).body.status).toBe('replied');
    // The co reply is not reviewable on its own.
    const coReview = await call(h, 'POST', `/api/dispatches/${co.id}/review`, disp, { decision: 'accept' });
    expect(coReview.status).toBe(409);
    // Rejecting needs a reason; a rejected reply goes back to the unit with a new handling window.
    const noReason = await call(h, 'POST', `/api/dispatches/${lead.id}/review`, disp, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const rej = await call(h, 'POST', `/api/dispatches/${lead.id}/review`, disp, {
      decision: 'reject',
      reason: '未说明修复时间',
    });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'handling' });
    expect(rej.body.latestReply).toMatchObject({ reviewStatus: 'rejected', reviewReason: '未说明修复时间' });
    const again = await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgj, {
      ...reply,
      publicText: '路灯已于今日修复。',
    });
    expect(again.status).toBe(200);
    const acc = await call(h, 'POST', `/api/dispatches/${lead.id}/review`, disp, { decision: 'accept' });
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted', closeReason: 'accepted' });
    const [coRow] = await h.deps.db.select().from(dispatches).where(eq(dispatches.id, co.id));
    expect(coRow).toMatchObject({ status: 'accepted', closeReason: 'round_accepted' });
    expect((await call(h, 'GET', `/api/tickets/${ticket.id}`, agent)).body.status).toBe('revisit');
    const rv = await h.deps.db.select().from(revisits).where(eq(revisits.ticketId, ticket.id));
    expect(rv).toHaveLength(1);
  });

  it('a silent co unit past its time no longer holds the round', async () => {
    const { ticket, lead } = await dispatched(['SCJGJ']);
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    const [co] = await h.deps.db
      .select()
      .from(dispatches)
      .where(and(eq(dispatches.ticketId, ticket.id), eq(dispatches.role, 'co')));
    // The co unit never signed; after its sign window it is deemed signed and its handling time runs out later.
    h.clock.set(sh('2026-12-01 09:00'));
    try {
      await fireDueClocks(h.deps, h.clock.now());
      const [coNow] = await h.deps.db
        .select()
        .from(dispatches)
        .where(eq(dispatches.id, co?.id ?? 0));
      expect(coNow).toMatchObject({ status: 'handling', deemedSigned: true });
      // A week later: log in again (sessions last 12 hours).
      const [cgjNow, dispNow] = await Promise.all([h.login('cgj'), h.login('dispatcher1')]);
      const res = await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgjNow, {
        result: 'resolved',
        publicText: '已修复。',
      });
      expect(res.status).toBe(200);
      const acc = await call(h, 'POST', `/api/dispatches/${lead.id}/review`, dispNow, { decision: 'accept' });
      expect(acc.status).toBe(200);
      const [closed] = await h.deps.db
        .select()
        .from(dispatches)
        .where(eq(dispatches.id, co?.id ?? 0));
      expect(closed).toMatchObject({ status: 'cancelled', closeReason: 'round_closed' });
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
      // Logging in a week later swept the old sessions away.
      await login();
    }
  });

  it('two reviewers at once: exactly one decision stands', async () => {
    const { lead } = await dispatched();
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgj, { result: 'resolved', publicText: '已修复。' });
    const sup = await h.login('supervisor1');
    const results = await Promise.all([
      call(h, 'POST', `/api/dispatches/${lead.id}/review`, disp, { decision: 'accept' }),
      call(h, 'POST', `/api/dispatches/${lead.id}/review`, sup, { decision: 'reject', reason: '不清楚' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('re-handle (重办) after a dissatisfied revisit', () => {
  it('opens a new round to the same unit with a fresh sign clock, the old rounds kept', async () => {
    const { ticket, lead } = await dispatched();
    await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    await call(h, 'POST', `/api/dispatches/${lead.id}/reply`, cgj, { result: 'resolved', publicText: '已修复。' });
    await call(h, 'POST', `/api/dispatches/${lead.id}/review`, disp, { decision: 'accept' });
    const actor = { id: null, kind: 'system' as const, role: 'system' as const, unitId: null };
    // While the round is open nothing can be re-handled.
    const { ticket: t2, lead: open } = await dispatched();
    await expect(
      runDispatchTx(h.deps, (tx) =>
        rehandleTicket(tx, h.deps, { ticketId: t2.id, actor, reason: '不满意' }, h.clock.now()),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(open.status).toBe('dispatched');
    const next = await runDispatchTx(h.deps, (tx) =>
      rehandleTicket(tx, h.deps, { ticketId: ticket.id, actor, reason: '市民不满意：路灯仍不亮' }, h.clock.now()),
    );
    expect(next).toMatchObject({ round: 2, role: 'lead', unitId: unitId(ref, 'CGJ'), status: 'dispatched' });
    expect(next.signDueAt).toBeTruthy();
    const rounds = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, disp);
    expect(rounds.body.map((d: { round: number; status: string }) => [d.round, d.status])).toEqual([
      [1, 'accepted'],
      [2, 'dispatched'],
    ]);
    expect((await call(h, 'GET', `/api/tickets/${ticket.id}`, agent)).body.status).toBe('dispatched');
    const ev = await eventsOf(h, ticket.id);
    expect(ev.find((e) => e.action === 'ticket.rehandle')?.payload).toMatchObject({ round: 2 });
  });
});

describe('transfer, urge and cancel', () => {
  it('the centre transfers anywhere; the old dispatch ends, the new one gets its own sign clock', async () => {
    const { ticket, lead } = await dispatched();
    const res = await call(h, 'POST', `/api/dispatches/${lead.id}/transfer`, disp, {
      unitId: unitId(ref, 'JTJ'),
      reason: '属交通设施',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'transferred', closeReason: 'transferred' });
    const list = await call(h, 'GET', `/api/tickets/${ticket.id}/dispatches`, disp);
    const next = list.body.find((d: { status: string }) => d.status === 'dispatched');
    expect(next).toMatchObject({ unitName: '市交通运输局', fromDispatchId: lead.id, instructions: '属交通设施' });
    expect(next.signDueAt).toBeTruthy();
  });

  it('a unit forwards only down its own tree', async () => {
    const t = await agentTicket(h, agent);
    const d = await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, { unitId: unitId(ref, 'CD') });
    const dispatchId = d.body.dispatches[0].id;
    const sideways = await call(h, 'POST', `/api/dispatches/${dispatchId}/transfer`, cd, {
      unitId: unitId(ref, 'CX01'),
      reason: '不归我区',
    });
    expect(sideways.status).toBe(403);
    const down = await call(h, 'POST', `/api/dispatches/${dispatchId}/transfer`, cd, {
      unitId: unitId(ref, 'CD01'),
      reason: '请东风街道办理',
    });
    expect(down.status).toBe(200);
    const street = await call(h, 'GET', '/api/dispatches?queue=to_sign', cd01);
    expect(street.body.map((x: { ticketId: number }) => x.ticketId)).toContain(t.id);
  });

  it('urging notifies the unit live and is counted', async () => {
    const { lead } = await dispatched();
    const heard: BusMessage[] = [];
    const off = h.deps.bus.subscribe((m) => heard.push(m));
    try {
      const one = await call(h, 'POST', `/api/dispatches/${lead.id}/urge`, disp, { message: '市民多次来电，请尽快' });
      expect(one.status).toBe(200);
      const two = await call(h, 'POST', `/api/dispatches/${lead.id}/urge`, disp, { message: '再次催办' });
      expect(two.body.urgeCount).toBe(2);
      expect((await call(h, 'POST', `/api/dispatches/${lead.id}/urge`, cgj, { message: 'x' })).status).toBe(403);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.some((m) => m.audience.includes(`unit:${unitId(ref, 'CGJ')}`) && m.data.action === 'urged')).toBe(
        true,
      );
    } finally {
      off();
    }
    const rows = await h.deps.db.select().from(dispatchUrgings).where(eq(dispatchUrgings.dispatchId, lead.id));
    expect(rows).toHaveLength(2);
  });

  it('cancelling the only lead puts the ticket back in the dispatch pool', async () => {
    const { ticket, lead } = await dispatched();
    const res = await call(h, 'POST', `/api/dispatches/${lead.id}/cancel`, disp, { reason: '重复件' });
    expect(res.status).toBe(200);
    const [t] = await h.deps.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(t?.status).toBe('registered');
  });
});

describe('work queues', () => {
  it('serves each role its queues with react-admin paging headers', async () => {
    const { lead } = await dispatched();
    const toSign = await h.request('GET', '/api/dispatches?queue=to_sign&_sort=dispatchedAt&_order=ASC', {
      token: cgj,
    });
    expect(toSign.status).toBe(200);
    expect(Number(toSign.headers.get('x-total-count'))).toBeGreaterThan(0);
    const rows = (await toSign.json()) as Array<{ id: number; status: string; unitName: string }>;
    expect(rows.every((r) => r.status === 'dispatched' && r.unitName === '市城市管理局')).toBe(true);
    expect(rows.map((r) => r.id)).toContain(lead.id);
    // Another unit sees none of CGJ's.
    const other = await call(h, 'GET', '/api/dispatches?queue=to_sign', cd01);
    expect(other.body.map((d: { id: number }) => d.id)).not.toContain(lead.id);
    const bad = await call(h, 'GET', '/api/dispatches?queue=nope', cgj);
    expect(bad.status).toBe(400);
    // Overdue: past the sign window.
    h.clock.set(sh('2026-11-23 12:30'));
    try {
      const overdue = await call(h, 'GET', '/api/dispatches?queue=overdue', cgj);
      expect(overdue.body.map((d: { id: number }) => d.id)).toContain(lead.id);
      expect(overdue.body.find((d: { id: number }) => d.id === lead.id).overdue).toBe(true);
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
    const queues = await call(h, 'GET', '/api/dispatch-queues', cgj);
    expect(queues.body.find((q: { queue: string }) => q.queue === 'to_sign').count).toBeGreaterThan(0);
  });

  it('counts a dispatch as due soon from its handle clock’s warning time, as the row is coloured', async () => {
    const { lead } = await dispatched();
    const signed = await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    expect(signed.status).toBe(200);
    const [clock] = await h.deps.db
      .select({ warnAt: slaClocks.warnAt, dueAt: slaClocks.dueAt })
      .from(slaClocks)
      .where(and(eq(slaClocks.dispatchId, lead.id), eq(slaClocks.kind, 'handle')));
    const warnAt = clock?.warnAt as Date;
    expect(signed.body.warnAt).toBe(warnAt.toISOString());
    expect(signed.body.handleDueAt).toBe(clock?.dueAt?.toISOString());
    // Days pass below: each look logs in anew at that moment (a token lasts 12 hours).
    const lookAt = async (moment: Date) => {
      h.clock.set(moment);
      const token = await h.login('cgj');
      const list = await call(h, 'GET', '/api/dispatches?queue=due_soon&_end=100', token);
      const queues = await call(h, 'GET', '/api/dispatch-queues', token);
      return {
        listed: list.body.map((d: { id: number }) => d.id) as number[],
        count: queues.body.find((q: { queue: string }) => q.queue === 'due_soon').count as number,
        view: (await call(h, 'GET', `/api/dispatches/${lead.id}`, token)).body,
      };
    };
    const dueAt = clock?.dueAt as Date;
    try {
      const before = await lookAt(new Date(warnAt.getTime() - 60_000));
      expect(before.listed).not.toContain(lead.id);
      expect(before.view).toMatchObject({ dueSoon: false, overdue: false });
      const after = await lookAt(new Date(warnAt.getTime() + 60_000));
      expect(after.listed).toContain(lead.id);
      expect(after.view).toMatchObject({ dueSoon: true, overdue: false });
      // The tab's count is the list's length (other dispatches of this file cross their warnings too).
      expect(after.count).toBe(after.listed.length);
      expect(before.count).toBe(before.listed.length);
      expect(deadlineBand({ due: dueAt, warnAt }, h.clock.now())).toBe('warn');
      // Past the deadline it leaves "due soon" for "overdue".
      const late = await lookAt(new Date(dueAt.getTime() + 60_000));
      expect(late.listed).not.toContain(lead.id);
      expect(late.view).toMatchObject({ dueSoon: false, overdue: true });
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
      await login();
    }
  });

  it('sorts a queue by the deadline that matters now: signing while unsigned, otherwise handling', async () => {
    const { lead: unsigned } = await dispatched();
    const { lead: toSign } = await dispatched();
    expect((await call(h, 'POST', `/api/dispatches/${toSign.id}/sign`, cgj)).status).toBe(200);
    const res = await call(h, 'GET', '/api/dispatches?queue=open&_sort=deadline&_order=ASC&_end=200', cgj);
    expect(res.status).toBe(200);
    const rows = res.body as Array<{
      id: number;
      status: string;
      signDueAt: string | null;
      handleDueAt: string | null;
    }>;
    const deadline = (r: (typeof rows)[number]) => (r.status === 'dispatched' ? r.signDueAt : r.handleDueAt);
    const times = rows.map((r) => deadline(r) ?? '9999');
    expect(times).toEqual([...times].sort());
    const ids = rows.map((r) => r.id);
    // Two working hours to sign come before five working days to handle.
    expect(ids.indexOf(unsigned.id)).toBeLessThan(ids.indexOf(toSign.id));
    const desc = await call(h, 'GET', '/api/dispatches?queue=open&_sort=deadline&_order=DESC&_end=200', cgj);
    const descIds = desc.body.map((r: { id: number }) => r.id);
    expect(descIds.indexOf(toSign.id)).toBeLessThan(descIds.indexOf(unsigned.id));
  });
});
