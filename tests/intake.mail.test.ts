import { and, count, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, messageAttachments, messages, tickets } from '../db/schema/index.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../services/intake/smtpReceiver.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

const HOTLINE = '12345@hotline.example';
let h: Harness;
let receiver: SmtpReceiver;
let mailer: Transporter;
let agent: string;

beforeAll(async () => {
  h = await createHarness({ env: { HOTLINE_EMAIL: HOTLINE } });
  await seedCity(h);
  agent = await h.login('agent1');
  receiver = await startSmtpReceiver(h.deps, { port: 0, host: '127.0.0.1' });
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  mailer.close();
  await receiver.close();
  await h.close();
});

let n = 0;
const msgId = () => `<m${Date.now()}.${++n}@citizen.example>`;
const ticketCount = async () => (await h.deps.db.select({ n: count() }).from(tickets))[0]?.n ?? 0;
const inbound = async (providerId: string) =>
  (
    await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.channel, 'email'), eq(messages.direction, 'in'), eq(messages.providerId, providerId)))
  )[0];

describe('inbound e-mail over SMTP', () => {
  it('turns a new mail into a ticket before answering 250, and queues the threaded 受理告知', async () => {
    const messageId = msgId();
    const info = await mailer.sendMail({
      from: '"李女士" <Li.Citizen@Example.com>',
      to: HOTLINE,
      subject: '小区电梯经常故障',
      text: '阳光小区3栋电梯这个月坏了四次，老人上下楼很不方便，请督促物业维修。',
      messageId,
    });
    expect(info.response).toMatch(/^250 .*ticket \d{14}/);
    const m = await inbound(messageId);
    const [t] = await h.deps.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, m?.ticketId ?? 0));
    expect(t).toMatchObject({ channel: 'email', title: '小区电梯经常故障', sourceKey: `email:${messageId}` });
    expect(t?.content).toContain('阳光小区3栋电梯');
    const [c] = await h.deps.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, t?.contactId ?? 0));
    expect(c).toMatchObject({ email: 'li.citizen@example.com', name: '李女士' });
    const [notice] = await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, t?.id ?? 0), eq(messages.direction, 'out')));
    expect(notice).toMatchObject({ channel: 'email', template: 'ticket.registered', toAddr: 'li.citizen@example.com' });
    expect(notice?.subject).toContain(`[#${t?.ticketNo}]`);
    expect(notice?.meta.inReplyTo).toBe(messageId);

    // Follow-up's delivery records the Message-ID it sent with; the citizen's reply to it finds the ticket.
    await h.deps.db
      .update(messages)
      .set({ status: 'sent', providerId: '<notice-1@hotline.example>' })
      .where(eq(messages.id, notice?.id ?? 0));
    const reply = msgId();
    await mailer.sendMail({
      from: 'li.citizen@example.com',
      to: HOTLINE,
      subject: `Re: ${notice?.subject}`,
      text: '补充：今天又坏了',
      messageId: reply,
      inReplyTo: '<notice-1@hotline.example>',
      references: ['<notice-1@hotline.example>'],
    });
    expect((await inbound(reply))?.ticketId).toBe(t?.id);
  });

  it('keeps a mail carrying U+0000 (encoded in its body and subject), without that character', async () => {
    const messageId = msgId();
    const sent = await mailer.sendMail({
      from: 'zhao@example.com',
      to: HOTLINE,
      subject: '噪音\u0000扰民',
      text: '工地夜间施工\u0000噪音很大',
      messageId,
    });
    expect(sent.response).toMatch(/^250/);
    const msg = await inbound(messageId);
    expect(msg).toMatchObject({ subject: '噪音扰民', body: '工地夜间施工噪音很大' });
    const [t] = await h.deps.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, msg?.ticketId ?? 0));
    expect(t).toMatchObject({ title: '噪音扰民', content: '工地夜间施工噪音很大' });
  });

  it('never makes a second ticket when the same mail is delivered again', async () => {
    const mail = {
      from: 'zhang@example.com',
      to: HOTLINE,
      subject: '路面塌陷',
      text: '人民路中段路面塌陷',
      messageId: msgId(),
    };
    await mailer.sendMail(mail);
    const before = await ticketCount();
    const again = await mailer.sendMail(mail);
    expect(again.response).toMatch(/^250/);
    expect(await ticketCount()).toBe(before);
  });

  it('adds a reply to its ticket by thread headers, or by [#ticketNo] from the same citizen', async () => {
    const first = msgId();
    await mailer.sendMail({
      from: 'wang@example.com',
      to: HOTLINE,
      subject: '噪音',
      text: '工地夜间施工',
      messageId: first,
    });
    const ticketId = (await inbound(first))?.ticketId;
    const [t] = await h.deps.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, ticketId ?? 0));
    const before = await ticketCount();
    const reply = msgId();
    await mailer.sendMail({
      from: 'wang@example.com',
      to: HOTLINE,
      subject: 'Re: 噪音',
      text: '补充：每晚11点后还在打桩',
      messageId: reply,
      inReplyTo: first,
      references: [first],
    });
    expect((await inbound(reply))?.ticketId).toBe(ticketId);
    const tagged = msgId();
    await mailer.sendMail({
      from: 'wang@example.com',
      to: HOTLINE,
      subject: `Re: [#${t?.ticketNo}] 您的诉求已受理`,
      text: '附上录音',
      messageId: tagged,
    });
    expect((await inbound(tagged))?.ticketId).toBe(ticketId);
    expect(await ticketCount()).toBe(before);
    // The number alone from a stranger does not attach to someone else's ticket.
    const stranger = msgId();
    await mailer.sendMail({
      from: 'x@example.net',
      to: HOTLINE,
      subject: `[#${t?.ticketNo}]`,
      text: '我也反映',
      messageId: stranger,
    });
    expect((await inbound(stranger))?.ticketId).not.toBe(ticketId);
    const events = await (await h.request('GET', `/api/tickets/${ticketId}/events`, { token: agent })).json();
    expect(events.filter((e: { action: string }) => e.action === 'message.received')).toHaveLength(2);
  });

  it('keeps attachments within the limits and records what it dropped', async () => {
    const messageId = msgId();
    await mailer.sendMail({
      from: 'zhao@example.com',
      to: HOTLINE,
      subject: '违章停车',
      text: '见照片',
      messageId,
      attachments: [
        { filename: '现场照片.jpg', content: Buffer.alloc(2048, 7), contentType: 'image/jpeg' },
        { filename: 'video.mp4', content: Buffer.alloc(6 * 1024 * 1024, 1), contentType: 'video/mp4' },
      ],
    });
    const m = await inbound(messageId);
    expect(m?.meta.droppedAttachments).toEqual([
      { filename: 'video.mp4', size: 6 * 1024 * 1024, reason: 'file too large' },
    ]);
    const files = await h.deps.db
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, m?.id ?? 0));
    expect(files.map((f) => [f.filename, f.size, f.ticketId])).toEqual([['现场照片.jpg', 2048, m?.ticketId]]);
    const list = await (await h.request('GET', `/api/tickets/${m?.ticketId}/attachments`, { token: agent })).json();
    expect(list).toHaveLength(1);
    const file = await h.request('GET', `/api/intake/attachments/${list[0].id}/content`, { token: agent });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.alloc(2048, 7));
    const unit = await h.login('cgj');
    expect((await h.request('GET', `/api/intake/attachments/${list[0].id}/content`, { token: unit })).status).toBe(404);
  });

  it('refuses mail for other mailboxes and stores nothing', async () => {
    const before = await h.deps.db.select({ n: count() }).from(messages);
    await expect(
      mailer.sendMail({ from: 'a@example.com', to: 'someone@elsewhere.example', subject: 'x', text: 'y' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await h.deps.db.select({ n: count() }).from(messages)).toEqual(before);
  });

  it('stores but never answers auto-replies and bounces (no mail loops)', async () => {
    const before = await ticketCount();
    const messageId = msgId();
    await mailer.sendMail({
      from: 'away@example.com',
      to: HOTLINE,
      subject: 'Out of office',
      text: 'I am away',
      messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(await inbound(messageId)).toMatchObject({
      ticketId: null,
      meta: { ignored: 'auto-submitted: auto-replied' },
    });
    expect(await ticketCount()).toBe(before);
  });
});
