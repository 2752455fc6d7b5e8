// Side effect first: some modules reached from the Follow-up helpers call .openapi() on plain zod schemas.
import '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, revisits, tickets } from '../db/schema/index.ts';
import { citizenTicket, handleRound } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

const AUTH_TOKEN = 'twilio-test-auth-token';
const PUBLIC = 'https://hotline.example.gov.cn';
const PATH = '/api/intake/sms/twilio';
let h: Harness;

beforeAll(async () => {
  h = await createHarness({
    env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, PUBLIC_BASE_URL: PUBLIC },
  });
  await seedCity(h);
});
afterAll(() => h.close());

const sid = () => `SM${randomBytes(16).toString('hex')}`;
let n = 0;
const newPhone = () => `+86137${String(10_000_000 + ++n * 7331).slice(-8)}`;

/** Twilio's own webhook: form fields signed with the twilio library over the public URL it called. */
function inbound(params: Record<string, string>, opts: { path?: string; signUrl?: string; token?: string } = {}) {
  const path = opts.path ?? PATH;
  const full = {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    To: '+8610612345',
    NumMedia: '0',
    SmsStatus: 'received',
    ...params,
  };
  const signature = twilio.getExpectedTwilioSignature(
    opts.token ?? AUTH_TOKEN,
    opts.signUrl ?? `${PUBLIC}${path}`,
    full,
  );
  return h.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(full).toString(),
  });
}
const text = (from: string, body: string, messageSid = sid()) =>
  inbound({ MessageSid: messageSid, From: from, Body: body });
const twimlMessage = async (res: Response) => /<Message>([\s\S]*)<\/Message>/.exec(await res.text())?.[1] ?? '';
const ticketCount = async () => (await h.deps.db.select({ n: count() }).from(tickets))[0]?.n ?? 0;

describe('signature', () => {
  it('refuses a bad, missing or wrongly-addressed signature with 403 and writes nothing', async () => {
    const before = await ticketCount();
    const params = { MessageSid: sid(), From: newPhone(), Body: '路灯坏了' };
    const wrongToken = await inbound(params, { token: 'someone-else' });
    const internalUrl = await inbound(params, { signUrl: `http://127.0.0.1:3000${PATH}` });
    const none = await h.app.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    for (const r of [wrongToken, internalUrl, none]) {
      expect(r.status).toBe(403);
      expect((await r.json()).error.code).toBe('forbidden');
    }
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a body that is not a urlencoded form with 415, before any signature check', async () => {
    const res = await h.app.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MessageSid: sid(), From: newPhone(), Body: '路灯坏了' }),
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatchObject({
      code: 'unsupported_media_type',
      message: '需要 application/x-www-form-urlencoded（Twilio webhook 格式）',
    });
  });

  it('reads the form as Twilio encodes it: plus signs as spaces, percent escapes as UTF-8', async () => {
    // URLSearchParams on both ends: the signature is computed over the decoded values.
    const res = await inbound({ MessageSid: sid(), From: newPhone(), Body: '路灯 坏了 100%' });
    expect(res.status).toBe(200);
    const ticketNo = res.headers.get('X-Huiyin-Ticket-No');
    const [t] = await h.deps.db
      .select({ content: tickets.content })
      .from(tickets)
      .where(eq(tickets.ticketNo, ticketNo ?? ''));
    expect(t?.content).toBe('路灯 坏了 100%');
  });

  it('keeps a text carrying U+0000, without that character (PostgreSQL cannot store it; a 4xx would lose it)', async () => {
    const res = await inbound({ MessageSid: sid(), From: newPhone(), Body: '路灯\u0000坏了' });
    expect(res.status).toBe(200);
    const [t] = await h.deps.db
      .select({ content: tickets.content })
      .from(tickets)
      .where(eq(tickets.ticketNo, res.headers.get('X-Huiyin-Ticket-No') ?? ''));
    expect(t?.content).toBe('路灯坏了');
  });

  it('signs over the query string too', async () => {
    const res = await inbound(
      { MessageSid: sid(), From: newPhone(), Body: '咨询公积金提取' },
      { path: `${PATH}?line=main` },
    );
    expect(res.status).toBe(200);
  });

  it('names a missing field in a 400 once the signature is good', async () => {
    const res = await inbound({ From: newPhone(), Body: 'x' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('MessageSid');
  });
});

describe('a citizen text', () => {
  it('becomes a ticket and the TwiML reply tells its number and query code', async () => {
    const from = newPhone();
    const messageSid = sid();
    const res = await text(from, '解放路和幸福路交叉口红绿灯不亮，车辆很乱', messageSid);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const reply = await twimlMessage(res);
    const ticketNo = res.headers.get('x-huiyin-ticket-no') ?? '';
    expect(ticketNo).toMatch(/^\d{14}$/);
    const [t] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, ticketNo));
    expect(reply).toContain(`工单号${ticketNo}`);
    expect(reply).toContain(`查询码${t?.queryCode}`);
    expect(t).toMatchObject({ channel: 'sms', status: 'registered', sourceKey: `sms:${messageSid}` });
    const [c] = await h.deps.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, t?.contactId ?? 0));
    expect(c?.phone).toBe(from);
    const msgs = await h.deps.db
      .select()
      .from(messages)
      .where(eq(messages.ticketId, t?.id ?? 0));
    expect(msgs.map((m) => [m.direction, m.status])).toEqual(
      expect.arrayContaining([
        ['in', 'received'],
        ['out', 'sent'],
      ]),
    );
    expect(msgs.find((m) => m.direction === 'in')?.providerId).toBe(messageSid);
  });

  it('redelivered (in turn or at once) makes one ticket and the same reply', async () => {
    const from = newPhone();
    const messageSid = sid();
    const before = await ticketCount();
    const first = await twimlMessage(await text(from, '小区垃圾三天没人清运', messageSid));
    const again = await twimlMessage(await text(from, '小区垃圾三天没人清运', messageSid));
    expect(again).toBe(first);
    const racing = sid();
    const both = await Promise.all([text(from, '楼道灯坏了', racing), text(from, '楼道灯坏了', racing)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await ticketCount()).toBe(before + 2);
    const inRows = await h.deps.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.direction, 'in'), eq(messages.providerId, racing)));
    expect(inRows[0]?.n).toBe(1);
  });

  it('answers each text of a simultaneous mix by its own kind, with one stored answer per text', async () => {
    const known = newPhone();
    const firstNo = /工单号(\d{14})/.exec(await twimlMessage(await text(known, '公园的健身器材坏了')))?.[1];
    const stopper = newPhone();
    const twice = sid();
    const fresh = [newPhone(), newPhone(), newPhone()];
    const before = await ticketCount();
    const res = await Promise.all([
      ...fresh.map((p, i) => text(p, `第${i}个路口的井盖丢了`)),
      text(stopper, '退订'),
      text(known, `补充：工单${firstNo}的器材是单杠`),
      text(fresh[0] ?? '', '另一件事：小区停水三天了', twice),
      text(fresh[0] ?? '', '另一件事：小区停水三天了', twice),
    ]);
    expect(res.map((r) => r.status)).toEqual(Array(7).fill(200));
    const replies = await Promise.all(res.map(twimlMessage));
    for (const r of replies.slice(0, 3)) expect(r).toMatch(/已受理，工单号\d{14}/);
    expect(replies[3]).toContain('已退订');
    expect(replies[4]).toContain(`已收到您对工单${firstNo}的补充内容`);
    expect(replies[5]).toBe(replies[6]);
    expect(await ticketCount()).toBe(before + 4);
    const [stopped] = await h.deps.db.select().from(contacts).where(eq(contacts.phone, stopper));
    expect(stopped?.smsOptOut).toBe(true);
    const answers = await h.deps.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.direction, 'out'), eq(messages.status, 'sent'), eq(messages.toAddr, fresh[0] ?? '')));
    // fresh[0] got two answers: its first text, and one for the text delivered twice.
    expect(answers[0]?.n).toBe(2);
  });

  it('links a repeat of the same matter to the first ticket instead of a new dispatch', async () => {
    const from = newPhone();
    const first = await text(from, '幸福路12号路灯坏了，晚上很黑');
    const firstNo = first.headers.get('x-huiyin-ticket-no');
    const second = await text(from, '幸福路12号的路灯还是坏的，晚上很黑，请尽快修');
    expect(second.headers.get('x-huiyin-outcome')).toBe('repeat');
    expect(await twimlMessage(second)).toContain(`与您此前反映的工单${firstNo}合并办理`);
    const [t] = await h.deps.db
      .select()
      .from(tickets)
      .where(eq(tickets.ticketNo, second.headers.get('x-huiyin-ticket-no') ?? ''));
    const [orig] = await h.deps.db
      .select()
      .from(tickets)
      .where(eq(tickets.ticketNo, firstNo ?? ''));
    expect(t).toMatchObject({ repeatOfId: orig?.id, status: 'merged' });
  });

  it("adds a text quoting one of the citizen's ticket numbers to that ticket", async () => {
    const from = newPhone();
    const first = await text(from, '公园健身器材损坏');
    const no = first.headers.get('x-huiyin-ticket-no') ?? '';
    const before = await ticketCount();
    const add = await text(from, `#${no} 补充：损坏的是东门的单杠`);
    expect(add.headers.get('x-huiyin-outcome')).toBe('addition');
    expect(await twimlMessage(add)).toContain(`已收到您对工单${no}的补充`);
    expect(await ticketCount()).toBe(before);
    // Someone else quoting the number gets a ticket of their own.
    const other = await text(newPhone(), `#${no} 补充：损坏的是东门的单杠`);
    expect(other.headers.get('x-huiyin-outcome')).toBe('new');
  });
});

describe('opt-out', () => {
  it('退订 / STOP / TD set the opt-out and START / 订阅 clear it, without tickets', async () => {
    const from = newPhone();
    await text(from, '噪音扰民，晚上施工');
    const before = await ticketCount();
    const optOut = async () =>
      (await h.deps.db.select({ o: contacts.smsOptOut }).from(contacts).where(eq(contacts.phone, from)))[0]?.o;
    for (const word of ['退订', 'STOP', 'td']) {
      const res = await text(from, word);
      expect(res.headers.get('x-huiyin-outcome')).toBe('opt_out');
      expect(await twimlMessage(res)).toContain('您已退订');
      expect(await optOut()).toBe(true);
      const back = await text(from, word === 'STOP' ? 'START' : '订阅');
      expect(back.headers.get('x-huiyin-outcome')).toBe('opt_in');
      expect(await optOut()).toBe(false);
    }
    expect(await ticketCount()).toBe(before);
  });
});

describe('answers Follow-up is waiting for', () => {
  it('routes a revisit answer to its ticket through handleCitizenSmsReply, not to a new ticket', async () => {
    const t = await citizenTicket(h, { phone: newPhone() });
    await handleRound(h, t.id);
    const [rv] = await h.deps.db.select().from(revisits).where(eq(revisits.ticketId, t.id));
    expect(rv?.status).toBe('open');
    const before = await ticketCount();
    const res = await text(t.phone ?? '', '1 很满意，修得很快');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-huiyin-outcome')).toBe('reply');
    expect(res.headers.get('x-huiyin-ticket-no')).toBe(t.ticketNo);
    expect(await twimlMessage(res)).toContain(t.ticketNo);
    expect(await ticketCount()).toBe(before);
    const [after] = await h.deps.db
      .select()
      .from(revisits)
      .where(eq(revisits.id, rv?.id ?? 0));
    expect(after).toMatchObject({ status: 'done', result: 'satisfied' });
  });
});
