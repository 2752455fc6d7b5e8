import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contacts,
  dispatches,
  followupSettings,
  messages,
  revisitAttempts,
  revisits,
  ticketArchives,
  ticketEvents,
  tickets,
} from '../db/schema/index.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import { deliverDue } from '../services/followup/delivery.ts';
import { reopenTicket } from '../services/followup/reopen.ts';
import { openRevisit, recordRevisitResult } from '../services/followup/revisits.ts';
import { registerFollowupTimerHandlers } from '../services/followup/timerHandlers.ts';
import { fireDueClocks } from '../services/sla/index.ts';
import { sweepFollowup } from '../workers/followup/index.ts';
import { actorOf, citizenTicket, handleRound, type Peers, PUBLIC_BASE, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let peers: Peers;
const MONDAY_10 = '2026-11-23T02:00:00Z';

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: MONDAY_10 });
  await seedCity(h);
  registerFollowupTimerHandlers();
});
afterAll(async () => {
  closeMailTransports();
  await h.close();
  await peers.close();
});

/**
 * The citizen texts the hotline: a correctly signed Twilio webhook to Intake's real route, which asks
 * Follow-up first. Returns the TwiML reply text and Intake's outcome.
 */
async function citizenTexts(phone: string, body: string) {
  const path = '/api/intake/sms/twilio';
  const form = peers.twilio.inboundSms({ from: phone, body, url: `${PUBLIC_BASE}${path}` });
  const res = await h.request('POST', path, { body: form.body, headers: form.headers });
  expect(res.status).toBe(200);
  const xml = await res.text();
  const reply = /<Message>([\s\S]*?)<\/Message>/.exec(xml)?.[1] ?? '';
  return { kind: res.headers.get('x-huiyin-outcome'), reply };
}

async function ticketRow(id: number) {
  return must((await h.deps.db.select().from(tickets).where(eq(tickets.id, id)))[0]);
}

async function revisitsOf(ticketId: number) {
  return h.deps.db.select().from(revisits).where(eq(revisits.ticketId, ticketId)).orderBy(asc(revisits.id));
}

async function actions(ticketId: number) {
  const rows = await h.deps.db
    .select({ action: ticketEvents.action })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id));
  return rows.map((r) => r.action);
}

async function latestDispatch(ticketId: number) {
  return must(
    (
      await h.deps.db.select().from(dispatches).where(eq(dispatches.ticketId, ticketId)).orderBy(desc(dispatches.id))
    )[0],
  );
}

describe('the full loop: reply → SMS revisit → "3" → re-handle → reply → "1" → closed', () => {
  it('tells the citizen each step once, in order, and closes as satisfied', async () => {
    const t = await citizenTicket(h);
    const phone = must(t.phone);
    await handleRound(h, t.id, { replyText: '已更换灯泡，路灯恢复照明' });
    expect((await ticketRow(t.id)).status).toBe('revisit');
    await deliverDue(h.deps);
    let sms = peers.twilio.bodiesTo(phone);
    expect(sms).toHaveLength(2);
    expect(sms[0]).toContain('已转市城市管理局办理');
    expect(sms[1]).toContain('已更换灯泡，路灯恢复照明');
    expect(sms[1]).toContain('1满意，2基本满意，3不满意');

    h.clock.advance(3600_000);
    const three = await citizenTexts(phone, '3 还是不亮');
    expect(three.kind).toBe('reply');
    expect(three.reply).toContain('重新办理');
    const t2 = await ticketRow(t.id);
    expect(t2.status).toBe('dispatched');
    const [first] = await revisitsOf(t.id);
    expect(first).toMatchObject({ status: 'done', result: 'dissatisfied', comment: '还是不亮', recordedVia: 'sms' });
    const round2 = await latestDispatch(t.id);
    expect(round2.round).toBe(2);
    // The immediate reply said it: the re-handle notice is not sent as well.
    await deliverDue(h.deps);
    expect(peers.twilio.bodiesTo(phone)).toHaveLength(2);

    h.clock.advance(3600_000);
    await handleRound(h, t.id, { existingDispatchId: round2.id, replyText: '已整体更换线路，经回访确认正常' });
    await deliverDue(h.deps);
    sms = peers.twilio.bodiesTo(phone);
    expect(sms).toHaveLength(3);
    expect(sms[2]).toContain('已整体更换线路');

    h.clock.advance(3600_000);
    const one = await citizenTexts(phone, '１');
    expect(one.reply).toContain('已办结');
    const closed = await ticketRow(t.id);
    expect(closed.status).toBe('closed');
    expect(closed.closeReason).toBe('satisfied');
    const rs = await revisitsOf(t.id);
    expect(rs.map((r) => [r.round, r.result])).toEqual([
      [1, 'dissatisfied'],
      [2, 'satisfied'],
    ]);
    await deliverDue(h.deps);
    expect(peers.twilio.bodiesTo(phone)).toHaveLength(3);
    const acts = await actions(t.id);
    expect(acts.filter((a) => a === 'revisit.due')).toHaveLength(2);
    expect(acts.filter((a) => a === 'revisit.recorded')).toHaveLength(2);
    expect(acts.filter((a) => a === 'ticket.rehandle')).toHaveLength(1);
    expect(acts.at(-1)).toBe('ticket.closed');
    // A second "1" finds no pending revisit: it is not an answer any more.
    const again = await citizenTexts(phone, '1');
    expect(again.kind).not.toBe('reply');
  });
});

describe('SMS revisit timing', () => {
  it('holds the notices of a round finished at night until 08:00, then sends them in order', async () => {
    const t = await citizenTicket(h);
    h.clock.set('2026-11-23T13:30:00Z'); // 21:30 Shanghai
    try {
      await handleRound(h, t.id);
      expect(await deliverDue(h.deps)).toEqual([]);
      h.clock.set('2026-11-23T23:59:59Z');
      expect(await deliverDue(h.deps)).toEqual([]);
      h.clock.set('2026-11-24T00:00:00Z'); // 08:00
      await deliverDue(h.deps);
      const sms = peers.twilio.bodiesTo(must(t.phone));
      expect(sms).toHaveLength(2);
      expect(sms[0]).toContain('已转');
      expect(sms[1]).toContain('请回复数字评价');
      const [r] = await revisitsOf(t.id);
      // The answer window is counted in working time from the accepted reply: Tuesday, end of day.
      expect(r?.smsWindowEndsAt?.toISOString()).toBe('2026-11-24T09:30:00.000Z');
    } finally {
      h.clock.set(MONDAY_10);
    }
  });

  it('moves an unanswered SMS revisit to the phone queue when its window ends, and still takes a late answer', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    const [r] = await revisitsOf(t.id);
    expect(r?.method).toBe('sms');
    const windowEnd = must(r?.smsWindowEndsAt);
    expect(windowEnd.getTime()).toBeLessThan(must(r?.dueAt).getTime());
    h.clock.set(new Date(windowEnd.getTime() + 60_000));
    try {
      await fireDueClocks(h.deps, h.clock.now());
      const [moved] = await revisitsOf(t.id);
      expect(moved).toMatchObject({ method: 'phone', status: 'open' });
      expect(moved?.phoneQueuedAt?.getTime()).toBe(h.clock.now().getTime());
      const late = await citizenTexts(must(t.phone), '2');
      expect(late.kind).toBe('reply');
      expect((await ticketRow(t.id)).closeReason).toBe('satisfied');
    } finally {
      h.clock.set(MONDAY_10);
    }
  });
});

describe('phone revisits', () => {
  it('retries an unreachable citizen on the plan, then closes as unreachable after the third attempt', async () => {
    const t = await citizenTicket(h);
    await h.deps.db
      .update(contacts)
      .set({ smsOptOut: true })
      .where(eq(contacts.id, must(t.contactId)));
    await handleRound(h, t.id);
    const [r] = await revisitsOf(t.id);
    expect(r?.method).toBe('phone');
    const agent = await actorOf(h, 'agent1');
    const record = () =>
      h.deps.db.transaction((tx) =>
        recordRevisitResult(
          tx,
          h.deps,
          { revisitId: must(r).id, result: 'unreachable', via: 'phone', actor: agent },
          h.clock.now(),
        ),
      );
    // Monday 10:00, three attempts spread over the 13 working hours to Tuesday's close (260 min apart):
    // Mon 10:00, Mon 15:50, Tue 11:40 (Shanghai).
    const a1 = await record();
    expect(a1.action).toEqual({ kind: 'retry', at: new Date('2026-11-23T07:50:00Z') });
    h.clock.set('2026-11-23T07:55:00Z');
    const a2 = await record();
    expect(a2.action).toEqual({ kind: 'retry', at: new Date('2026-11-24T03:40:00Z') });
    h.clock.set('2026-11-24T03:45:00Z');
    const a3 = await record();
    expect(a3.action).toEqual({ kind: 'close', closeReason: 'unreachable' });
    h.clock.set(MONDAY_10);
    const closed = await ticketRow(t.id);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'unreachable' });
    const attempts = await h.deps.db
      .select()
      .from(revisitAttempts)
      .where(eq(revisitAttempts.revisitId, must(r).id));
    expect(attempts).toHaveLength(3);
    // Opted out of SMS: the "we could not reach you" notice is suppressed, not sent.
    const notice = await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, t.id), eq(messages.template, 'ticket.unreachable')));
    expect(notice.map((m) => m.status)).toEqual(['suppressed']);
  });

  it('refuses a second result on a finished revisit', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    const [r] = await revisitsOf(t.id);
    const agent = await actorOf(h, 'agent1');
    const rec = () =>
      h.deps.db.transaction((tx) =>
        recordRevisitResult(
          tx,
          h.deps,
          { revisitId: must(r).id, result: 'satisfied', via: 'phone', actor: agent },
          h.clock.now(),
        ),
      );
    await rec();
    await expect(rec()).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('openRevisit', () => {
  it('is idempotent and closes a ticket without a phone as no_revisit', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    const d = await latestDispatch(t.id);
    const again = await h.deps.db.transaction((tx) =>
      openRevisit(tx, h.deps, { ticketId: t.id, dispatchId: d.id }, h.clock.now()),
    );
    expect(again?.created).toBe(false);
    expect(await revisitsOf(t.id)).toHaveLength(1);

    const mailOnly = await citizenTicket(h, { phone: null, email: 'mailonly@example.com' });
    await handleRound(h, mailOnly.id, { replyText: '已答复：材料清单见附件' });
    const row = await ticketRow(mailOnly.id);
    expect(row).toMatchObject({ status: 'closed', closeReason: 'no_revisit' });
    await deliverDue(h.deps);
    const mails = peers.smtp.mailsTo('mailonly@example.com');
    expect(mails.at(-1)?.text).toContain('已答复：材料清单见附件');
  });
});

describe('sweeps: SMS windows and the archive', () => {
  it('moves a lapsed SMS revisit to the phone queue without the timer, archives closed tickets once, and reopening unarchives', async () => {
    const t = await citizenTicket(h);
    await handleRound(h, t.id);
    const [r] = await revisitsOf(t.id);
    h.clock.set(new Date(must(r?.smsWindowEndsAt).getTime() + 1000));
    try {
      expect((await sweepFollowup(h.deps)).toPhone).toBeGreaterThanOrEqual(1);
      expect((await revisitsOf(t.id))[0]?.method).toBe('phone');
      expect(await actions(t.id)).toContain('revisit.phone_queued');
      const agent = await actorOf(h, 'agent1');
      await h.deps.db.transaction((tx) =>
        recordRevisitResult(
          tx,
          h.deps,
          { revisitId: must(r).id, result: 'satisfied', via: 'phone', actor: agent },
          h.clock.now(),
        ),
      );
      await h.deps.db.insert(followupSettings).values({ key: 'archiveAfterDays', value: 5 });
      h.clock.advance(6 * 86_400_000);
      const first = await sweepFollowup(h.deps);
      expect(first.archived).toBeGreaterThanOrEqual(1);
      expect((await sweepFollowup(h.deps)).archived).toBe(0);
      expect(await actions(t.id)).toContain('ticket.archived');
      expect(await h.deps.db.select().from(ticketArchives).where(eq(ticketArchives.ticketId, t.id))).toHaveLength(1);
      await h.deps.db.transaction((tx) =>
        reopenTicket(
          tx,
          h.deps,
          { ticketId: t.id, reason: '市民再次来电', actor: { id: agent.id, kind: 'user' } },
          h.clock.now(),
        ),
      );
      expect(await h.deps.db.select().from(ticketArchives).where(eq(ticketArchives.ticketId, t.id))).toHaveLength(0);
      expect((await ticketRow(t.id)).status).toBe('registered');
    } finally {
      await h.deps.db.delete(followupSettings).where(eq(followupSettings.key, 'archiveAfterDays'));
      h.clock.set(MONDAY_10);
    }
  });
});
