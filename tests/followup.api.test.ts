import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, dispatches, messages, tickets } from '../db/schema/index.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import { claimMessages, deliverDue } from '../services/followup/delivery.ts';
import { ensureDefaultTemplates } from '../services/followup/templates.ts';
import { citizenTicket, handleRound, type Peers, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let peers: Peers;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: '2026-11-23T02:00:00Z' });
  await seedCity(h);
  await ensureDefaultTemplates(h.deps.db);
  for (const u of ['agent1', 'dispatcher1', 'supervisor1', 'admin', 'clerk1', 'cgj']) tokens[u] = await h.login(u);
});
afterAll(async () => {
  closeMailTransports();
  await h.close();
  await peers.close();
});

const call = async (method: string, path: string, user: string, body?: unknown) => {
  const res = await h.request(method, path, { token: tokens[user], body });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
};

async function optOut(contactId: number | null) {
  await h.deps.db
    .update(contacts)
    .set({ smsOptOut: true })
    .where(eq(contacts.id, must(contactId)));
}

describe('phone revisit queue', () => {
  it('lists due phone revisits for agents and records results, never to units', async () => {
    const t = await citizenTicket(h);
    await optOut(t.contactId);
    await handleRound(h, t.id);
    const q = await call('GET', '/api/revisits?queue=phone_due', 'agent1');
    expect(q.status).toBe(200);
    const mine = q.body.find((r: { ticketId: number }) => r.ticketId === t.id);
    expect(mine).toMatchObject({ method: 'phone', status: 'open', contactPhone: t.phone, ticketNo: t.ticketNo });
    expect(q.headers.get('x-total-count')).toBeTruthy();
    expect((await call('GET', '/api/revisits', 'cgj')).status).toBe(403);

    expect((await call('POST', `/api/revisits/${mine.id}/claim`, 'agent1')).body.assignedToId).toBeGreaterThan(0);
    const bad = await call('POST', `/api/revisits/${mine.id}/result`, 'agent1', { result: 'meh' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('result');
    const r1 = await call('POST', `/api/revisits/${mine.id}/result`, 'agent1', {
      result: 'unreachable',
      comment: '无人接听',
    });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ status: 'open', attempts: 1 });
    // Not due again until the next planned attempt.
    const again = await call('GET', '/api/revisits?queue=phone_due', 'agent1');
    expect(again.body.some((r: { id: number }) => r.id === mine.id)).toBe(false);
    const ok = await call('POST', `/api/revisits/${mine.id}/result`, 'agent1', {
      result: 'basically_satisfied',
      comment: '还行',
    });
    expect(ok.body).toMatchObject({ status: 'done', result: 'basically_satisfied', ticketStatus: 'closed' });
    const detail = await call('GET', `/api/revisits/${mine.id}`, 'supervisor1');
    expect(detail.body.attemptLog.map((a: { result: string }) => a.result)).toEqual([
      'unreachable',
      'basically_satisfied',
    ]);
    expect((await call('POST', `/api/revisits/${mine.id}/result`, 'agent1', { result: 'satisfied' })).status).toBe(409);
  });

  it('lets a supervisor rule a dissatisfaction unreasonable: the re-handle round is withdrawn, the ticket closed', async () => {
    const t = await citizenTicket(h);
    await optOut(t.contactId);
    await handleRound(h, t.id);
    const [r] = (await call('GET', `/api/revisits?ticketId=${t.id}`, 'agent1')).body;
    const dis = await call('POST', `/api/revisits/${r.id}/result`, 'agent1', {
      result: 'dissatisfied',
      comment: '要求赔偿',
    });
    expect(dis.body.ticketStatus).toBe('dispatched');
    expect((await call('POST', `/api/revisits/${r.id}/rule`, 'agent1', { reason: '诉求超出政策范围' })).status).toBe(
      403,
    );
    expect((await call('POST', `/api/revisits/${r.id}/rule`, 'supervisor1', { reason: '' })).status).toBe(400);
    const ruled = await call('POST', `/api/revisits/${r.id}/rule`, 'supervisor1', { reason: '诉求超出政策范围' });
    expect(ruled.status).toBe(200);
    expect(ruled.body).toMatchObject({
      ruling: 'unreasonable',
      ruleReason: '诉求超出政策范围',
      ticketStatus: 'closed',
    });
    const [tk] = await h.deps.db.select().from(tickets).where(eq(tickets.id, t.id));
    expect(tk?.closeReason).toBe('ruled');
    const ds = await h.deps.db.select().from(dispatches).where(eq(dispatches.ticketId, t.id));
    expect(ds.map((d) => d.status)).toContain('cancelled');
  });

  it('parks a dissatisfied revisit for a dispatcher in review mode, who re-handles it to another unit', async () => {
    expect(
      (await call('PUT', '/api/followup/settings', 'admin', { dissatisfiedMode: 'review' })).body.dissatisfiedMode,
    ).toBe('review');
    try {
      const t = await citizenTicket(h);
      await optOut(t.contactId);
      await handleRound(h, t.id);
      const [r] = (await call('GET', `/api/revisits?ticketId=${t.id}`, 'agent1')).body;
      const dis = await call('POST', `/api/revisits/${r.id}/result`, 'agent1', { result: 'dissatisfied' });
      expect(dis.body).toMatchObject({ status: 'awaiting_decision', ticketStatus: 'revisit' });
      const queue = await call('GET', '/api/revisits?queue=decision', 'dispatcher1');
      expect(queue.body.map((x: { id: number }) => x.id)).toContain(r.id);
      const [unit] = await h.deps.db.select().from(dispatches).where(eq(dispatches.ticketId, t.id));
      const other = must(unit).unitId + 1;
      const re = await call('POST', `/api/revisits/${r.id}/rehandle`, 'dispatcher1', {
        unitId: other,
        reason: '改由其他单位办理',
      });
      expect(re.status).toBe(200);
      expect(re.body).toMatchObject({ status: 'done', ruling: 'rehandle', ticketStatus: 'dispatched' });
      const ds = await h.deps.db.select().from(dispatches).where(eq(dispatches.ticketId, t.id));
      expect(ds.at(-1)).toMatchObject({ round: 2, unitId: other });
    } finally {
      await call('PUT', '/api/followup/settings', 'admin', { dissatisfiedMode: 'auto' });
    }
  });
});

describe('messages', () => {
  it('lists a ticket’s messages and resolves an ambiguous send by hand', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    // Simulate the crash window: claimed (sending) but never recorded, Twilio never got it.
    await claimMessages(h.deps, h.clock.now());
    h.clock.advance(10 * 60_000);
    try {
      const { sweepStaleSending } = await import('../services/followup/delivery.ts');
      await sweepStaleSending(h.deps);
    } finally {
      h.clock.advance(-10 * 60_000);
    }
    const list = await call('GET', `/api/messages?ticketId=${t.id}&status=ambiguous`, 'agent1');
    expect(list.body.length).toBeGreaterThan(0);
    expect((await call('GET', '/api/messages', 'cgj')).status).toBe(403);
    const [first, second] = list.body;
    const confirmed = await call('POST', `/api/messages/${first.id}/mark-sent`, 'agent1', {
      note: '已在 Twilio 控制台确认',
    });
    expect(confirmed.body.status).toBe('sent');
    expect((await call('POST', `/api/messages/${first.id}/mark-sent`, 'agent1', {})).status).toBe(409);
    if (second) {
      const copy = await call('POST', `/api/messages/${second.id}/resend`, 'agent1', { note: '市民称未收到' });
      expect(copy.status).toBe(201);
      expect(copy.body).toMatchObject({ status: 'queued', body: second.body });
      expect(copy.body.meta.resendOf).toBe(second.id);
      await deliverDue(h.deps);
      const bodies = peers.twilio.bodiesTo(must(t.phone));
      expect(bodies.filter((b) => b === second.body)).toHaveLength(1);
    }
    const one = await call('GET', `/api/messages/${first.id}`, 'supervisor1');
    expect(one.body.meta.resolution).toBe('confirmed_sent');
  });

  it('refuses to resend to a citizen who opted out', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    await deliverDue(h.deps);
    await optOut(t.contactId);
    const [m] = await h.deps.db.select().from(messages).where(eq(messages.ticketId, t.id));
    expect((await call('POST', `/api/messages/${must(m).id}/resend`, 'agent1')).status).toBe(409);
  });
});

describe('templates', () => {
  it('lets an admin edit a template, rejects unknown variables and unsafe confidential ones', async () => {
    const list = await call('GET', '/api/templates?channel=sms', 'agent1');
    const tpl = list.body.find((t: { code: string }) => t.code === 'ticket.dispatched');
    expect(tpl).toBeTruthy();
    expect((await call('PUT', `/api/templates/${tpl.id}`, 'agent1', { body: 'x' })).status).toBe(403);
    const unknown = await call('PUT', `/api/templates/${tpl.id}`, 'admin', { body: '{ticketNo} {nonsense}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0]).toMatchObject({ path: 'body' });
    const leak = await call('PUT', `/api/templates/${tpl.id}`, 'admin', { confidentialBody: '{title}' });
    expect(leak.status).toBe(400);
    expect(leak.body.error.fields[0].path).toBe('confidentialBody');
    const ok = await call('PUT', `/api/templates/${tpl.id}`, 'admin', {
      body: '【12345】工单{ticketNo}已交{unitName}办理。',
    });
    expect(ok.body.version).toBe(2);
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    await deliverDue(h.deps);
    expect(peers.twilio.bodiesTo(must(t.phone))[0]).toBe(`【12345】工单${t.ticketNo}已交市城市管理局办理。`);
    const dup = await call('POST', '/api/templates', 'admin', {
      code: 'ticket.dispatched',
      channel: 'sms',
      name: 'x',
      body: 'y',
    });
    expect(dup.status).toBe(409);
    const noSubject = await call('POST', '/api/templates', 'admin', {
      code: 'custom.notice',
      channel: 'email',
      name: '通知',
      body: '您好',
    });
    expect(noSubject.status).toBe(400);
    const preview = await call('POST', '/api/templates/preview', 'admin', {
      channel: 'sms',
      body: '{title}已由{unitName}办理',
      confidential: true,
    });
    expect(preview.body.body).not.toContain('幸福路');
    expect(preview.body.variables.length).toBeGreaterThan(5);
  });
});

describe('window reviews (好差评)', () => {
  it('opens bad reviews with deadlines, closes them once revisited and fixed, and reports 100%', async () => {
    const good = await call('POST', '/api/reviews', 'clerk1', {
      hall: '市民中心',
      windowName: '3号窗口',
      rating: 'satisfied',
    });
    expect(good.body).toMatchObject({ bad: false, status: 'closed' });
    const bad = await call('POST', '/api/reviews', 'clerk1', {
      hall: '市民中心',
      windowName: '5号窗口',
      matter: '不动产登记',
      rating: 'very_dissatisfied',
      comment: '材料一次没说清，跑了三趟',
    });
    expect(bad.status).toBe(201);
    expect(bad.body).toMatchObject({ bad: true, status: 'open' });
    expect(bad.body.revisitDueAt).toBe('2026-11-24T09:30:00.000Z'); // end of the next working day
    expect((await call('POST', '/api/reviews', 'clerk1', { hall: '', rating: 'bad' })).status).toBe(400);
    const before = await call('GET', '/api/reviews/stats', 'supervisor1');
    expect(before.body).toMatchObject({ total: 2, bad: 1, badRevisited: 0, revisitRate: 0 });
    expect((await call('POST', `/api/reviews/${good.body.id}/revisit`, 'agent1', { note: '回访' })).status).toBe(409);
    const rv = await call('POST', `/api/reviews/${bad.body.id}/revisit`, 'agent1', {
      note: '已致电道歉，说明一次性告知清单',
    });
    expect(rv.body.status).toBe('open');
    const fx = await call('POST', `/api/reviews/${bad.body.id}/fix`, 'supervisor1', {
      note: '窗口张贴材料清单，培训窗口人员',
    });
    expect(fx.body.status).toBe('closed');
    const after = await call('GET', '/api/reviews/stats', 'supervisor1');
    expect(after.body).toMatchObject({ bad: 1, badRevisited: 1, badFixed: 1, revisitRate: 1, fixRate: 1 });
    const listBad = await call('GET', '/api/reviews?bad=true', 'supervisor1');
    expect(listBad.body).toHaveLength(1);
  });
});

describe('reopen and settings', () => {
  it('reopens a ticket closed within 30 days, refuses one closed longer ago', async () => {
    const closeOne = async () => {
      const t = await citizenTicket(h);
      await optOut(t.contactId);
      await handleRound(h, t.id);
      const [r] = (await call('GET', `/api/revisits?ticketId=${t.id}`, 'agent1')).body;
      await call('POST', `/api/revisits/${r.id}/result`, 'agent1', { result: 'satisfied' });
      return t;
    };
    const recent = await closeOne();
    const old = await closeOne();
    h.clock.advance(10 * 86_400_000);
    try {
      tokens.agent1 = await h.login('agent1');
      const re = await call('POST', '/api/followup/reopen', 'agent1', {
        ticketId: recent.id,
        reason: '市民来电称路灯又不亮了',
      });
      expect(re.status).toBe(200);
      const [tk] = await h.deps.db.select().from(tickets).where(eq(tickets.id, recent.id));
      expect(tk).toMatchObject({ status: 'registered', closedAt: null, closeReason: null });
      expect(
        (await call('POST', '/api/followup/reopen', 'agent1', { ticketId: recent.id, reason: '再次' })).status,
      ).toBe(409);
      h.clock.advance(21 * 86_400_000);
      tokens.agent1 = await h.login('agent1');
      const late = await call('POST', '/api/followup/reopen', 'agent1', { ticketId: old.id, reason: '又坏了' });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toContain('30 天');
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
      tokens.agent1 = await h.login('agent1');
    }
  });

  it('validates settings by field and only lets an admin change them', async () => {
    expect((await call('PUT', '/api/followup/settings', 'supervisor1', { archiveAfterDays: 10 })).status).toBe(403);
    const bad = await call('PUT', '/api/followup/settings', 'admin', { quietHours: { start: '25:00', end: '08:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toContain('quietHours');
    const s = await call('GET', '/api/followup/settings', 'agent1');
    expect(s.body).toMatchObject({ quietHours: { start: '21:00', end: '08:00' }, unreachableAttempts: 3 });
  });
});
