// Side effect first: some modules reached from the Follow-up helpers call .openapi() on plain zod schemas.
import '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, slaClocks, tickets } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { addWorkingTime, endOfNthWorkingDay } from '../domain/calendar/index.ts';
import { loadCalendar } from '../services/calendars.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { expireInfoRequests } from '../services/followup/infoRequests.ts';
import { handleInboundMail } from '../services/intake/mail.ts';
import { maintenanceProcessor } from '../workers/maintenance/index.ts';
import { agentTicket, call, eventsOf, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must } from './helpers/seed.ts';

/**
 * 请市民补充材料: a unit or the centre asks the citizen a question; the ticket's clocks pause until the
 * citizen answers (an SMS through the signed Twilio webhook, or a reply in the ticket's e-mail thread), the
 * request is withdrawn, or the answer window (3 working days) passes. Paused time moves the deadline.
 */
const AUTH_TOKEN = 'twilio-test-auth-token';
const PUBLIC = 'https://hotline.example.gov.cn';
let h: Harness;
let ref: ReferenceIds;
let agent: string;
let disp: string;
let cgj: string;
let unregister: () => void;

beforeAll(async () => {
  h = await createHarness({
    now: sh('2026-11-23 10:00').toISOString(), // Monday
    env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, PUBLIC_BASE_URL: PUBLIC },
  });
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
  [agent, disp, cgj] = await Promise.all(['agent1', 'dispatcher1', 'cgj'].map((u) => h.login(u)));
});
afterAll(async () => {
  unregister();
  await h.close();
});

function text(from: string, body: string, messageSid = `SM${randomBytes(16).toString('hex')}`) {
  const params = {
    AccountSid: `AC${'0'.repeat(32)}`,
    MessageSid: messageSid,
    From: from,
    To: '+8610612345',
    Body: body,
    NumMedia: '0',
  };
  const path = '/api/intake/sms/twilio';
  return h.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** A ticket dispatched to CGJ and signed: its handling clock runs. */
async function handling(phone: string) {
  const t = await agentTicket(h, agent, { phone });
  const d = await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, { unitId: unitId(ref, 'CGJ') });
  expect(d.status).toBe(201);
  const lead = d.body.dispatches.find((x: { role: string }) => x.role === 'lead');
  expect((await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj)).status).toBe(200);
  return { ticket: t, dispatchId: lead.id as number };
}

const handleClock = async (ticketId: number) =>
  (
    await h.deps.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.kind, 'handle')))
  )[0];

describe('asking the citizen for more information', () => {
  it('texts the question, pauses the clock, and the answer by SMS resumes it with the deadline moved', async () => {
    const phone = '13907361001';
    const { ticket } = await handling(phone);
    const before = await handleClock(ticket.id);
    expect(before?.status).toBe('running');

    const ask = await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, cgj, {
      question: '请提供路灯杆上的编号或附近门牌号。',
    });
    expect(ask.status).toBe(201);
    // Asked Monday 10:00: the answer window ends with the 3rd working day after (Thursday 17:30).
    expect(ask.body).toMatchObject({ status: 'open', dueAt: sh('2026-11-26 17:30').toISOString() });
    expect((await handleClock(ticket.id))?.status).toBe('paused');
    const [sms] = await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, ticket.id), eq(messages.template, 'ticket.info_request')));
    expect(sms?.toAddr).toBe(`+86${phone}`);
    expect(sms?.body).toContain('请提供路灯杆上的编号或附近门牌号。请在');
    expect(sms?.body).toContain('2026年11月26日');

    // A second question while one is open is refused.
    const again = await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, cgj, { question: '再补充一张照片' });
    expect(again.status).toBe(409);

    // Two working hours later the citizen answers by text.
    h.clock.set(sh('2026-11-23 12:00'));
    const answerSid = `SM${randomBytes(16).toString('hex')}`;
    const res = await text(`+86${phone}`, '灯杆编号是 DF-0123，在幸福路12号对面', answerSid);
    expect(res.status).toBe(200);
    const answered = await res.text();
    expect(answered).toContain(`已收到您对工单${ticket.ticketNo}的补充`);
    expect(res.headers.get('x-huiyin-outcome')).toBe('info');
    // Twilio delivers the answer again once nothing awaits it any more: the same reply, and still no ticket
    // (a plain text's ticket is written in the same round trip as the text, guarded against exactly this).
    const ticketsBefore = await h.deps.db.select({ id: tickets.id }).from(tickets);
    const redelivered = await text(`+86${phone}`, '灯杆编号是 DF-0123，在幸福路12号对面', answerSid);
    expect(await redelivered.text()).toBe(answered);
    expect(redelivered.headers.get('x-huiyin-outcome')).toBe('duplicate');
    expect(await h.deps.db.select({ id: tickets.id }).from(tickets)).toHaveLength(ticketsBefore.length);

    const list = await call(h, 'GET', `/api/tickets/${ticket.id}/info-requests`, cgj);
    expect(list.body[0]).toMatchObject({ status: 'answered', answerText: '灯杆编号是 DF-0123，在幸福路12号对面' });
    const after = await handleClock(ticket.id);
    expect(after?.status).toBe('running');
    // Paused Monday 10:00–12:00, two working hours: the deadline moves two working hours later.
    const cal = (await loadCalendar(h.deps.db, 'default')).calendar;
    expect(after?.dueAt?.toISOString()).toBe(addWorkingTime(cal, must(before?.dueAt, 'due'), 120).toISOString());
    // The citizen's status page tells them, without the question's internals.
    const [row] = await h.deps.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    const status = await h.request('GET', `/api/public/tickets/${ticket.ticketNo}?code=${row?.queryCode}`);
    const page = await status.json();
    expect(JSON.stringify(page)).toContain('请您补充材料');
    expect(JSON.stringify(page)).toContain('已收到您补充的材料');
    const actions = (await eventsOf(h, ticket.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['ticket.info_requested', 'sla.paused', 'ticket.info_provided', 'sla.resumed']),
    );
    h.clock.set(sh('2026-11-23 10:00'));
  });

  it("takes a reply in the ticket's e-mail thread as the answer of a citizen who has no phone", async () => {
    const email = 'li.citizen@example.cn';
    const t = await agentTicket(h, agent, { phone: undefined, email, name: '李女士' });
    const ask = await call(h, 'POST', `/api/tickets/${t.id}/info-requests`, agent, {
      question: '请补充事发的具体楼栋号',
    });
    expect(ask.status).toBe(201);
    const [mail] = await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, t.id), eq(messages.template, 'ticket.info_request')));
    expect(mail).toMatchObject({ channel: 'email', toAddr: email });
    expect(mail?.subject).toContain(`[#${t.ticketNo}]`);
    const raw = Buffer.from(
      [
        `From: 李女士 <${email}>`,
        'To: 12345@hotline.example.gov.cn',
        `Subject: Re: [#${t.ticketNo}] 请补充材料`,
        `Message-ID: <${randomBytes(6).toString('hex')}@example.cn>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        '是阳光花园 7 栋。',
      ].join('\r\n'),
    );
    const out = await handleInboundMail(h.deps, raw, { from: email, to: ['12345@hotline.example.gov.cn'] });
    expect(out).toMatchObject({ kind: 'addition', ticketId: t.id });
    const list = await call(h, 'GET', `/api/tickets/${t.id}/info-requests`, agent);
    expect(list.body[0]).toMatchObject({ status: 'answered' });
    expect(list.body[0].answerText).toContain('阳光花园 7 栋');
  });

  it('starts a handling clock paused when the unit signs while the citizen is being asked', async () => {
    const phone = '13907361005';
    const t = await agentTicket(h, agent, { phone });
    const d = await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, { unitId: unitId(ref, 'CGJ') });
    const lead = d.body.dispatches.find((x: { role: string }) => x.role === 'lead');
    const ask = await call(h, 'POST', `/api/tickets/${t.id}/info-requests`, disp, {
      question: '请补充事发地点附近的门牌号',
    });
    expect(ask.status).toBe(201);
    // Nothing to pause yet: the sign window keeps running (the citizen has no part in signing).
    expect(await handleClock(t.id)).toBeUndefined();
    const sign = await call(h, 'POST', `/api/dispatches/${lead.id}/sign`, cgj);
    expect(sign.status).toBe(200);
    expect(await handleClock(t.id)).toMatchObject({ status: 'paused', dueAt: null });
    h.clock.set(sh('2026-11-24 10:00'));
    try {
      expect((await text(`+86${phone}`, '幸福路12号对面')).status).toBe(200);
      const clock = await handleClock(t.id);
      expect(clock?.status).toBe('running');
      // 5 working days counted from the answer, not from the signature a day earlier.
      const cal = (await loadCalendar(h.deps.db, 'default')).calendar;
      expect(clock?.dueAt?.toISOString()).toBe(endOfNthWorkingDay(cal, sh('2026-11-24 10:00'), 5).toISOString());
    } finally {
      h.clock.set(sh('2026-11-23 10:00'));
    }
  });

  it('expires an unanswered request after its window and resumes the clock, once', async () => {
    const { ticket } = await handling('13907361002');
    const ask = await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, cgj, {
      question: '请说明问题发生的具体时间段',
    });
    expect(ask.status).toBe(201);
    expect(await expireInfoRequests(h.deps, sh('2026-11-26 17:00'))).toBe(0);
    // The maintenance worker's job does the sweep.
    const processor = maintenanceProcessor(h.deps);
    h.clock.set(sh('2026-11-26 18:00'));
    try {
      const out = await processor({ name: 'info-request-expiry', data: {}, id: 'x', queueName: 'maintenance' });
      expect(out).toMatchObject({ expired: 1 });
      expect(await expireInfoRequests(h.deps, sh('2026-11-26 18:00'))).toBe(0);
    } finally {
      h.clock.set(sh('2026-11-23 10:00'));
    }
    const list = await call(h, 'GET', `/api/tickets/${ticket.id}/info-requests`, cgj);
    expect(list.body[0].status).toBe('expired');
    expect((await handleClock(ticket.id))?.status).toBe('running');
    expect((await eventsOf(h, ticket.id)).map((e) => e.action)).toContain('ticket.info_request_expired');
  });

  it('withdraws a request, and refuses bad input, closed tickets and other units', async () => {
    const { ticket } = await handling('13907361003');
    const short = await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, cgj, { question: '照片' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].path).toBe('question');
    const other = await h.login('scjgj');
    expect(
      (await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, other, { question: '请补充现场照片一张' }))
        .status,
    ).toBe(404);

    const ask = await call(h, 'POST', `/api/tickets/${ticket.id}/info-requests`, cgj, {
      question: '请补充现场照片一张',
    });
    const cancel = await call(h, 'POST', `/api/info-requests/${ask.body.id}/cancel`, cgj, { reason: '已电话联系市民' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect((await handleClock(ticket.id))?.status).toBe('running');
    expect((await call(h, 'POST', `/api/info-requests/${ask.body.id}/cancel`, cgj, {})).status).toBe(409);

    // A text after the withdrawal is not taken as an answer: it becomes a ticket of its own.
    const res = await text('+8613907361003', '另外小区门口的井盖也松了');
    expect(res.headers.get('x-huiyin-outcome')).toBe('new');

    const direct = await agentTicket(h, agent, { phone: '13907361004' });
    const answered = await call(h, 'POST', `/api/tickets/${direct.id}/direct-answer`, agent, {
      answer: '居住证办理需要身份证和居住证明，可在街道服务大厅办理。',
    });
    expect(answered.body.status).toBe('closed');
    const closed = await call(h, 'POST', `/api/tickets/${direct.id}/info-requests`, agent, {
      question: '请补充您的具体地址',
    });
    expect(closed.status).toBe(409);
  });
});
