import { and, desc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { contacts, messages, tickets } from '../../db/schema/index.ts';
import { mailDomain, outboundMessageId, threadHeaders } from '../../domain/followup/mailThread.ts';
import type { MessageChannel } from '../../domain/vocabulary.ts';
import { SendFailure } from '../channels/errors.ts';
import { mailEnabled, mailFrom, sendMail } from '../channels/mail.ts';
import { findSentSms, sendSms, smsEnabled, statusCallbackUrl } from '../channels/sms.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import { loadFollowupSettings } from './settings.ts';

export type MessageRow = typeof messages.$inferSelect;

/** Outbound statuses a worker may pick up (held = waiting for the end of quiet hours). */
const WAITING = ['queued', 'held'];

export function enabledChannels(deps: Pick<Deps, 'config'>): MessageChannel[] {
  const out: MessageChannel[] = [];
  if (smsEnabled(deps.config)) out.push('sms');
  if (mailEnabled(deps.config)) out.push('email');
  return out;
}

/**
 * Due and next in line: waiting, its time has come, its channel is configured, and no earlier message to
 * the same address is still due or in flight, so one citizen's texts arrive in the order they were
 * written. A message held for the morning does not block a later urgent one.
 */
function claimable(now: Date, channels: MessageChannel[]): SQL | undefined {
  return and(
    eq(messages.direction, 'out'),
    inArray(messages.status, WAITING),
    or(isNull(messages.notBefore), lte(messages.notBefore, now)),
    inArray(messages.channel, channels),
    sql`not exists (select 1 from messages p where p.direction = 'out' and p.channel = ${messages.channel}
        and p.to_addr = ${messages.toAddr} and p.id < ${messages.id}
        and (p.status = 'sending' or (p.status in ('queued', 'held') and p.not_before <= ${now.toISOString()}::timestamptz)))`,
  );
}

/**
 * Claims rows for sending: status → 'sending', attempts + 1, in one short committed statement, with SKIP
 * LOCKED so parallel workers never take the same row. From here until the result is recorded the row is
 * 'sending'; a crash in between leaves it there for the stale sweep.
 */
export async function claimMessages(
  deps: Deps,
  now: Date,
  opts: { ids?: number[]; limit?: number; toAddr?: string } = {},
): Promise<MessageRow[]> {
  const channels = enabledChannels(deps);
  if (channels.length === 0) return [];
  const pick = deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        claimable(now, channels),
        opts.ids ? inArray(messages.id, opts.ids) : undefined,
        opts.toAddr ? eq(messages.toAddr, opts.toAddr) : undefined,
      ),
    )
    .orderBy(messages.id)
    .limit(opts.limit ?? 50)
    .for('update', { skipLocked: true });
  return deps.db
    .update(messages)
    .set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, updatedAt: now })
    .where(inArray(messages.id, pick))
    .returning();
}

/** Exponential backoff for retryable failures: 30 s, 1 min, 2 min … capped at 30 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

async function emailThread(deps: Deps, m: MessageRow) {
  const domain = mailDomain(mailFrom(deps.config));
  const [t] = m.ticketId
    ? await deps.db.select({ ticketNo: tickets.ticketNo }).from(tickets).where(eq(tickets.id, m.ticketId))
    : [];
  let citizenMessageId = typeof m.meta.inReplyTo === 'string' ? m.meta.inReplyTo : null;
  if (!citizenMessageId && m.ticketId) {
    const [last] = await deps.db
      .select({ providerId: messages.providerId })
      .from(messages)
      .where(and(eq(messages.ticketId, m.ticketId), eq(messages.channel, 'email'), eq(messages.direction, 'in')))
      .orderBy(desc(messages.id))
      .limit(1);
    citizenMessageId = last?.providerId ?? null;
  }
  const ticketNo = t?.ticketNo ?? null;
  return {
    messageId: outboundMessageId(m.id, ticketNo, domain),
    ...threadHeaders({ ticketNo, domain, citizenMessageId }),
  };
}

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'ambiguous' | 'suppressed';

/** Records what happened to one claimed row. Guarded on status 'sending': a late duplicate records nothing. */
async function record(
  deps: Deps,
  m: MessageRow,
  now: Date,
  set: Partial<typeof messages.$inferInsert>,
  event?: { action: 'message.sent' | 'message.failed'; payload: Record<string, unknown> },
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const done = await tx
      .update(messages)
      .set({ ...set, updatedAt: now })
      .where(and(eq(messages.id, m.id), eq(messages.status, 'sending')))
      .returning({ id: messages.id });
    if (done.length === 0) return false;
    if (event && m.ticketId) {
      await recordEvent(tx, {
        ticketId: m.ticketId,
        action: event.action,
        at: now,
        actorKind: 'system',
        payload: { messageId: m.id, channel: m.channel, template: m.template, ...event.payload },
      });
    }
    return true;
  });
}

/** Sends one claimed row and records the outcome. Never throws for a provider failure. */
export async function sendClaimed(deps: Deps, m: MessageRow): Promise<SendOutcome> {
  const settings = await loadFollowupSettings(deps.db);
  try {
    if (m.channel === 'sms') {
      const cb = `${statusCallbackUrl(deps.config)}?m=${m.id}`;
      const res = await sendSms(deps, { to: m.toAddr, body: m.body, statusCallback: cb });
      const now = deps.clock.now();
      await record(
        deps,
        m,
        now,
        { status: 'sent', providerId: res.sid, sentAt: now, lastError: null },
        { action: 'message.sent', payload: { providerId: res.sid } },
      );
      return 'sent';
    }
    const thread = await emailThread(deps, m);
    const res = await sendMail(deps, {
      to: m.toAddr,
      subject: m.subject ?? '12345热线通知',
      text: m.body,
      messageId: thread.messageId,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
    });
    const now = deps.clock.now();
    await record(
      deps,
      m,
      now,
      { status: 'sent', providerId: res.messageId, sentAt: now, lastError: null },
      { action: 'message.sent', payload: { providerId: res.messageId } },
    );
    return 'sent';
  } catch (err) {
    const now = deps.clock.now();
    const f = err instanceof SendFailure ? err : new SendFailure('retry', (err as Error).message ?? String(err));
    const lastError = f.providerCode ? `${f.providerCode}: ${f.message}` : f.message;
    deps.logger.warn({ messageId: m.id, kind: f.kind, err: lastError }, 'message delivery failed');
    // Twilio 21610: the recipient texted STOP at the carrier. Respect it from now on.
    if (m.channel === 'sms' && f.providerCode === '21610') {
      await deps.db.update(contacts).set({ smsOptOut: true, updatedAt: now }).where(eq(contacts.phone, m.toAddr));
      await record(deps, m, now, { status: 'suppressed', lastError });
      return 'suppressed';
    }
    if (f.kind === 'ambiguous' && m.channel === 'sms') {
      await record(
        deps,
        m,
        now,
        { status: 'ambiguous', lastError },
        { action: 'message.failed', payload: { ambiguous: true, error: lastError } },
      );
      return 'ambiguous';
    }
    if (f.kind !== 'permanent' && m.attempts < settings.maxSendAttempts) {
      await record(deps, m, now, {
        status: 'queued',
        lastError,
        notBefore: new Date(now.getTime() + retryDelayMs(m.attempts)),
      });
      return 'retry';
    }
    await record(
      deps,
      m,
      now,
      { status: 'failed', lastError },
      { action: 'message.failed', payload: { error: lastError, attempts: m.attempts } },
    );
    return 'failed';
  }
}

/** Claims and sends everything due now (tests, the sweep); returns the outcomes in claim order. */
export async function deliverDue(
  deps: Deps,
  opts: { limit?: number; ids?: number[]; toAddr?: string } = {},
): Promise<Array<{ id: number; outcome: SendOutcome }>> {
  const out: Array<{ id: number; outcome: SendOutcome }> = [];
  for (;;) {
    const claimed = await claimMessages(deps, deps.clock.now(), opts);
    if (claimed.length === 0) return out;
    const results = await Promise.all(claimed.map((m) => sendClaimed(deps, m)));
    claimed.forEach((m, i) => {
      out.push({ id: m.id, outcome: results[i] ?? 'failed' });
    });
    if (opts.ids) return out;
  }
}

/**
 * Rows left 'sending' past the lease were interrupted (worker killed between sending and recording).
 * E-mail goes back to the queue: a resend carries the same Message-ID, so it is recognisably the same
 * message. SMS has no idempotency key at Twilio: we ask Twilio whether it took the text (a match by
 * recipient and body since the claim) and record 'sent' if so; otherwise the row becomes 'ambiguous' and
 * is NOT resent automatically: staff decide (resend or mark sent) in the console.
 */
export async function sweepStaleSending(deps: Deps, now: Date = deps.clock.now()): Promise<number> {
  const settings = await loadFollowupSettings(deps.db);
  const cutoff = new Date(now.getTime() - settings.sendingLeaseSeconds * 1000);
  const stale = await deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.direction, 'out'), eq(messages.status, 'sending'), lte(messages.updatedAt, cutoff)))
    .limit(500);
  for (const m of stale) {
    if (m.channel === 'email') {
      await record(deps, m, now, {
        status: 'queued',
        notBefore: now,
        lastError: 'interrupted while sending; resent with the same Message-ID',
      });
      continue;
    }
    let found: { sid: string; status: string } | null = null;
    try {
      if (smsEnabled(deps.config)) found = await findSentSms(deps, m.toAddr, m.body, m.updatedAt);
    } catch (err) {
      deps.logger.warn({ err, messageId: m.id }, 'could not ask Twilio about an interrupted send');
    }
    if (found) {
      await record(
        deps,
        m,
        now,
        { status: 'sent', providerId: found.sid, sentAt: now, lastError: null, meta: { ...m.meta, reconciled: true } },
        { action: 'message.sent', payload: { providerId: found.sid, reconciled: true } },
      );
    } else {
      await record(
        deps,
        m,
        now,
        { status: 'ambiguous', lastError: 'interrupted while sending; Twilio may or may not have it' },
        { action: 'message.failed', payload: { ambiguous: true } },
      );
    }
  }
  return stale.length;
}

/** Ids of rows due now (queued, or held whose notBefore passed): what the sweep hands to the queue. */
export async function dueMessageIds(
  deps: Deps,
  now: Date,
  opts: { limit?: number; ids?: number[] } = {},
): Promise<Array<{ id: number; attempts: number }>> {
  const channels = enabledChannels(deps);
  if (channels.length === 0) return [];
  return deps.db
    .select({ id: messages.id, attempts: messages.attempts })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'out'),
        inArray(messages.status, WAITING),
        or(isNull(messages.notBefore), lte(messages.notBefore, now)),
        inArray(messages.channel, channels),
        opts.ids ? inArray(messages.id, opts.ids) : undefined,
      ),
    )
    .orderBy(messages.id)
    .limit(opts.limit ?? 1000);
}
