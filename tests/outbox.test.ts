import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, ticketEvents } from '../db/schema/index.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import { deliverDue } from '../services/followup/delivery.ts';
import { enqueueMessage } from '../services/followup/outbox.ts';
import { citizenTicket, type Peers, PUBLIC_BASE, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let peers: Peers;

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: '2026-11-23T02:00:00Z' }); // Monday 10:00 in Shanghai
  await seedCity(h);
});
afterAll(async () => {
  closeMailTransports();
  await h.close();
  await peers.close();
});

async function enqueue(input: Parameters<typeof enqueueMessage>[2]) {
  return h.deps.db.transaction((tx) => enqueueMessage(tx, h.deps, input, h.clock.now()));
}

async function row(id: number) {
  return must((await h.deps.db.select().from(messages).where(eq(messages.id, id)))[0]);
}

describe('enqueue and deliver', () => {
  it('sends the registration SMS once, with number and query code, and records it', async () => {
    const t = await citizenTicket(h);
    const q = must(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} }));
    expect((await row(q.messageId)).status).toBe('queued');
    const first = await deliverDue(h.deps);
    const second = await deliverDue(h.deps);
    expect(first).toEqual([{ id: q.messageId, outcome: 'sent' }]);
    expect(second).toEqual([]);
    const bodies = peers.twilio.bodiesTo(must(t.phone));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(t.ticketNo);
    expect(bodies[0]).toContain(t.queryCode);
    expect(bodies[0]).toContain('幸福路路灯不亮');
    const r = await row(q.messageId);
    expect(r.status).toBe('sent');
    expect(r.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(r.attempts).toBe(1);
    const sent = peers.twilio.messages.find((m) => m.sid === r.providerId);
    expect(sent?.statusCallback).toBe(`${PUBLIC_BASE}/api/intake/sms/twilio/status?m=${q.messageId}`);
    const events = await h.deps.db
      .select({ action: ticketEvents.action })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, t.id))
      .orderBy(ticketEvents.id);
    expect(events.map((e) => e.action)).toEqual(['ticket.created', 'message.queued', 'message.sent']);
  });

  it('writes nothing when the caller rolls back', async () => {
    const t = await citizenTicket(h);
    await expect(
      h.deps.db.transaction(async (tx) => {
        await enqueueMessage(tx, h.deps, { ticketId: t.id, template: 'ticket.registered', vars: {} }, h.clock.now());
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await h.deps.db.select().from(messages).where(eq(messages.ticketId, t.id))).toHaveLength(0);
  });

  it('queues one row for a repeated idempotency key', async () => {
    const t = await citizenTicket(h);
    const a = await enqueue({
      ticketId: t.id,
      template: 'ticket.dispatched',
      vars: { unitName: '城管局' },
      idempotencyKey: `k-${t.id}`,
    });
    const b = await enqueue({
      ticketId: t.id,
      template: 'ticket.dispatched',
      vars: { unitName: '城管局' },
      idempotencyKey: `k-${t.id}`,
    });
    expect(a).toEqual(b);
    await deliverDue(h.deps);
    expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(1);
  });

  it("keeps one citizen's messages in the order they were written, even with parallel workers", async () => {
    const t = await citizenTicket(h);
    await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} });
    await enqueue({ ticketId: t.id, template: 'ticket.dispatched', vars: { unitName: '城管局' } });
    await enqueue({ ticketId: t.id, template: 'ticket.extended', vars: { newDueDate: '12月1日', reason: '需协调' } });
    // Three workers draining at once: each message claimed once, the citizen's in sequence.
    for (let i = 0; i < 3; i++) await Promise.all([deliverDue(h.deps), deliverDue(h.deps), deliverDue(h.deps)]);
    const bodies = peers.twilio.bodiesTo(must(t.phone));
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toContain('已受理');
    expect(bodies[1]).toContain('已转城管局办理');
    expect(bodies[2]).toContain('延长至12月1日');
  });

  it('returns null without an address and writes no row', async () => {
    const t = await citizenTicket(h, { phone: null, email: null });
    expect(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} })).toBeNull();
    expect(await h.deps.db.select().from(messages).where(eq(messages.ticketId, t.id))).toHaveLength(0);
  });
});

describe('quiet hours', () => {
  it('holds a non-urgent SMS written at 22:00 until 08:00, and sends an urgent one at once', async () => {
    const t = await citizenTicket(h);
    h.clock.set('2026-11-23T14:00:00Z'); // 22:00 Shanghai
    try {
      const normal = must(
        await enqueue({ ticketId: t.id, template: 'ticket.dispatched', vars: { unitName: '城管局' } }),
      );
      const urgent = must(
        await enqueue({
          ticketId: t.id,
          template: 'ticket.extended',
          vars: { newDueDate: '明天', reason: '抢修' },
          urgent: true,
        }),
      );
      const held = await row(normal.messageId);
      expect(held.status).toBe('held');
      expect(held.notBefore?.toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 08:00 Shanghai
      await deliverDue(h.deps);
      expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(1);
      expect((await row(urgent.messageId)).status).toBe('sent');
      h.clock.set('2026-11-23T23:59:00Z'); // 07:59
      expect(await deliverDue(h.deps)).toEqual([]);
      h.clock.set('2026-11-24T00:00:00Z'); // 08:00
      expect(await deliverDue(h.deps)).toEqual([{ id: normal.messageId, outcome: 'sent' }]);
      expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(2);
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });
});

describe('opt-out and confidentiality', () => {
  it('suppresses SMS to a citizen who opted out, and uses e-mail when there is one', async () => {
    const t = await citizenTicket(h);
    await h.deps.db
      .update(contacts)
      .set({ smsOptOut: true })
      .where(eq(contacts.id, must(t.contactId)));
    expect(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} })).toBeNull();
    const rows = await h.deps.db.select().from(messages).where(eq(messages.ticketId, t.id));
    expect(rows.map((r) => r.status)).toEqual(['suppressed']);
    await deliverDue(h.deps);
    expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(0);

    const withMail = await citizenTicket(h, { email: `optout${t.id}@example.com` });
    await h.deps.db
      .update(contacts)
      .set({ smsOptOut: true })
      .where(eq(contacts.id, must(withMail.contactId)));
    const m = must(await enqueue({ ticketId: withMail.id, template: 'ticket.registered', vars: {} }));
    expect((await row(m.messageId)).channel).toBe('email');
  });

  it('never puts a confidential matter in an SMS, whatever the template says', async () => {
    const t = await citizenTicket(h, {
      confidential: true,
      title: '举报某单位违规收费',
      content: '举报某单位违规收费',
    });
    await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} });
    await enqueue({ ticketId: t.id, template: 'ticket.dispatched', vars: { unitName: '市纪委' } });
    await enqueue({
      ticketId: t.id,
      template: 'ticket.replied',
      vars: { unitName: '市纪委', replySummary: '已查处违规收费' },
    });
    await deliverDue(h.deps);
    await deliverDue(h.deps);
    await deliverDue(h.deps);
    const bodies = peers.twilio.bodiesTo(must(t.phone));
    expect(bodies).toHaveLength(3);
    for (const b of bodies) {
      expect(b).toContain(t.ticketNo);
      expect(b).not.toMatch(/举报|违规|收费|纪委/);
    }
  });
});

describe('e-mail', () => {
  it('threads mail: deterministic Message-ID, the ticket in References and [#ticketNo] in the subject', async () => {
    const t = await citizenTicket(h, { phone: null, email: 'citizen@example.com' });
    const m = must(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} }));
    await deliverDue(h.deps);
    const [mail] = peers.smtp.mailsTo('citizen@example.com');
    expect(mail?.subject).toBe(`[#${t.ticketNo}] 您的诉求已受理`);
    expect(mail?.messageId).toBe(`<huiyin-msg-${m.messageId}.${t.ticketNo}@hotline.example>`);
    expect(mail?.references).toContain(`<huiyin-ticket-${t.ticketNo}@hotline.example>`);
    expect(mail?.text).toContain(t.queryCode);
    expect((await row(m.messageId)).providerId).toBe(mail?.messageId);
  });

  it('retries a temporary SMTP refusal and fails a permanent one', async () => {
    const t = await citizenTicket(h, { phone: null, email: 'retry@example.com' });
    const m = must(await enqueue({ ticketId: t.id, template: 'ticket.dispatched', vars: { unitName: '城管局' } }));
    peers.smtp.failNext(1, 451);
    expect(await deliverDue(h.deps)).toEqual([{ id: m.messageId, outcome: 'retry' }]);
    const r = await row(m.messageId);
    expect(r.status).toBe('queued');
    expect(r.notBefore?.getTime()).toBe(h.clock.now().getTime() + 30_000);
    h.clock.advance(30_000);
    try {
      expect(await deliverDue(h.deps)).toEqual([{ id: m.messageId, outcome: 'sent' }]);
    } finally {
      h.clock.advance(-30_000);
    }
    const p = await citizenTicket(h, { phone: null, email: 'nobody@example.com' });
    const pm = must(await enqueue({ ticketId: p.id, template: 'ticket.registered', vars: {} }));
    peers.smtp.failNext(1, 550);
    expect(await deliverDue(h.deps)).toEqual([{ id: pm.messageId, outcome: 'failed' }]);
    const failedEvents = await h.deps.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, p.id), eq(ticketEvents.action, 'message.failed')));
    expect(failedEvents).toHaveLength(1);
  });
});

describe('SMS failures', () => {
  it('retries a Twilio 500 with backoff and fails a bad number for good', async () => {
    const t = await citizenTicket(h);
    const m = must(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} }));
    peers.twilio.failNext(1);
    expect(await deliverDue(h.deps)).toEqual([{ id: m.messageId, outcome: 'retry' }]);
    h.clock.advance(30_000);
    try {
      expect(await deliverDue(h.deps)).toEqual([{ id: m.messageId, outcome: 'sent' }]);
    } finally {
      h.clock.advance(-30_000);
    }
    expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(1);
    expect((await row(m.messageId)).attempts).toBe(2);

    const bad = await citizenTicket(h);
    const b = must(await enqueue({ ticketId: bad.id, template: 'ticket.registered', vars: {} }));
    peers.twilio.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    expect(await deliverDue(h.deps)).toEqual([{ id: b.messageId, outcome: 'failed' }]);
    expect((await row(b.messageId)).lastError).toContain('21211');
  });

  it('marks the contact opted out when the carrier says the citizen unsubscribed (21610)', async () => {
    const t = await citizenTicket(h);
    const m = must(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} }));
    peers.twilio.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    expect(await deliverDue(h.deps)).toEqual([{ id: m.messageId, outcome: 'suppressed' }]);
    const [c] = await h.deps.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, must(t.contactId)));
    expect(c?.smsOptOut).toBe(true);
  });
});

describe('status callback', () => {
  it('records delivery from a correctly signed callback and refuses a forged one', async () => {
    const t = await citizenTicket(h);
    const m = must(await enqueue({ ticketId: t.id, template: 'ticket.registered', vars: {} }));
    await deliverDue(h.deps);
    const sid = must((await row(m.messageId)).providerId);
    const path = `/api/intake/sms/twilio/status?m=${m.messageId}`;
    const forged = peers.twilio.statusCallback(sid, 'delivered', `${PUBLIC_BASE}${path}`);
    const bad = await h.request('POST', path, {
      body: forged.body.replace('delivered', 'failed'),
      headers: forged.headers,
    });
    expect(bad.status).toBe(403);
    expect((await row(m.messageId)).status).toBe('sent');
    const ok = await h.request('POST', path, { body: forged.body, headers: forged.headers });
    expect(ok.status).toBe(204);
    expect((await row(m.messageId)).status).toBe('delivered');
    // A late 'sent' callback (out of order) does not move it back.
    const late = peers.twilio.statusCallback(sid, 'sent', `${PUBLIC_BASE}${path}`);
    expect((await h.request('POST', path, { body: late.body, headers: late.headers })).status).toBe(204);
    expect((await row(m.messageId)).status).toBe('delivered');
  });

  it('names a bad field with a 400 when the signature is right but the form is not', async () => {
    const path = '/api/intake/sms/twilio/status';
    const form = peers.twilio.statusCallback('SMnotasid', 'delivered', `${PUBLIC_BASE}${path}`);
    const res = await h.request('POST', path, { body: form.body, headers: form.headers });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('MessageSid');
  });
});
