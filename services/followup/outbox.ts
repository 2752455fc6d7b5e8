import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { contacts, messages, tickets } from '../../db/schema/index.ts';
import { releaseTime } from '../../domain/followup/quietHours.ts';
import { clip, renderTemplate } from '../../domain/followup/templates.ts';
import { labels, type MessageChannel } from '../../domain/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { loadFollowupSettings } from './settings.ts';
import { resolveTemplate } from './templates.ts';

export interface EnqueueMessageInput {
  ticketId?: number | null;
  contactId?: number | null;
  /** Default: SMS when the citizen has a phone, else e-mail. */
  channel?: MessageChannel;
  template: string;
  vars: Record<string, string | number>;
  /** Urgent messages ignore quiet hours. Default: the template's setting. */
  urgent?: boolean;
  /** Explicit address; default the contact's phone / e-mail. */
  to?: string;
  /** The same key twice writes one row (e.g. `revisit:<id>`): a retried caller never queues twice. */
  idempotencyKey?: string;
  /** E-mail threading: the citizen's Message-ID this answers. */
  inReplyTo?: string;
}

/** pg_notify is transactional: the outbox worker hears about a row only once it is committed. */
export const OUTBOX_CHANNEL = 'huiyin_outbox';

/** Variables every template can use, taken from the ticket. */
function ticketVars(
  deps: Deps,
  t: { ticketNo: string; queryCode: string; title: string; type: keyof typeof labels.ticketType } | null,
  channel: MessageChannel,
  now: Date,
): Record<string, string> {
  const date = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const base = { hotline: '12345', date, statusUrl: `${deps.config.publicBaseUrl}/public/` };
  if (!t) return base;
  return {
    ...base,
    ticketNo: t.ticketNo,
    queryCode: t.queryCode,
    title: channel === 'sms' ? clip(t.title, 20) : t.title,
    typeLabel: labels.ticketType[t.type],
  };
}

/**
 * Writes an outbox row in the caller's transaction, so the message exists if and only if the change that
 * caused it does. Returns null when there is nobody to tell: no address, the citizen opted out of SMS (a
 * 'suppressed' row records that), or an administrator switched the template off.
 */
export async function enqueueMessage(
  tx: Executor,
  deps: Deps,
  input: EnqueueMessageInput,
  now: Date,
): Promise<{ messageId: number } | null> {
  const ticket = input.ticketId
    ? ((
        await tx
          .select({
            id: tickets.id,
            ticketNo: tickets.ticketNo,
            queryCode: tickets.queryCode,
            title: tickets.title,
            type: tickets.type,
            confidential: tickets.confidential,
            contactId: tickets.contactId,
          })
          .from(tickets)
          .where(eq(tickets.id, input.ticketId))
          .limit(1)
      )[0] ?? null)
    : null;
  if (input.ticketId && !ticket) throw new AppError('not_found', `工单 ${input.ticketId} 不存在`);
  const contactId = input.contactId ?? ticket?.contactId ?? null;
  const contact = contactId
    ? ((await tx.select().from(contacts).where(eq(contacts.id, contactId)).limit(1))[0] ?? null)
    : null;

  let channel: MessageChannel =
    input.channel ?? (input.to ? (input.to.includes('@') ? 'email' : 'sms') : contact?.phone ? 'sms' : 'email');
  // Opted out of SMS but reachable by e-mail: tell them there, unless the caller insisted on SMS.
  if (channel === 'sms' && !input.channel && !input.to && contact?.smsOptOut && contact.email) channel = 'email';
  const to = input.to ?? (channel === 'sms' ? contact?.phone : contact?.email) ?? null;
  if (!to) return null;

  let template = await resolveTemplate(tx, input.template, channel);
  if (template === undefined && channel === 'email') {
    // No e-mail version: the SMS text, with a threaded subject.
    const sms = await resolveTemplate(tx, input.template, 'sms');
    if (sms) template = { ...sms, subject: '12345热线通知', confidentialBody: null };
    else if (sms === null) template = null;
  }
  if (template === undefined) throw new AppError('internal', `未知的消息模板 ${input.template}（${channel}）`);
  if (template === null) return null;

  const vars: Record<string, string | number> = { ...ticketVars(deps, ticket, channel, now), ...input.vars };
  if (channel === 'sms' && typeof vars.replySummary === 'string') vars.replySummary = clip(vars.replySummary, 70);
  const rendered = renderTemplate({ template, channel, confidential: ticket?.confidential ?? false, vars });
  let subject = rendered.subject;
  if (channel === 'email') {
    subject ??= '12345热线通知';
    // The ticket number in the subject lets the citizen's reply find its ticket even without headers.
    if (ticket && !subject.includes(`[#${ticket.ticketNo}]`)) subject = `[#${ticket.ticketNo}] ${subject}`;
  }

  const settings = await loadFollowupSettings(tx);
  const urgent = input.urgent ?? template.urgent ?? false;
  const suppressed = channel === 'sms' && (contact?.smsOptOut ?? false);
  const notBefore = channel === 'sms' ? releaseTime(now, urgent, settings.quietHours) : now;
  const status = suppressed ? 'suppressed' : notBefore.getTime() > now.getTime() ? 'held' : 'queued';

  const inserted = await tx
    .insert(messages)
    .values({
      ticketId: ticket?.id ?? null,
      contactId,
      channel,
      direction: 'out',
      toAddr: to,
      fromAddr: channel === 'sms' ? (deps.config.TWILIO_FROM ?? null) : (deps.config.MAIL_FROM ?? null),
      subject,
      body: rendered.body,
      status,
      template: input.template,
      idempotencyKey: input.idempotencyKey ?? null,
      urgent,
      notBefore,
      meta: {
        confidential: ticket?.confidential ?? false,
        ...(rendered.missing.length ? { missingVars: rendered.missing } : {}),
        ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
      },
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning({ id: messages.id });
  const row = inserted[0];
  if (!row) {
    const [existing] = await tx
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(eq(messages.idempotencyKey, input.idempotencyKey ?? ''))
      .limit(1);
    if (!existing) throw new AppError('internal', 'outbox insert returned nothing');
    return existing.status === 'suppressed' ? null : { messageId: existing.id };
  }
  if (rendered.missing.length) {
    deps.logger.warn({ template: input.template, missing: rendered.missing }, 'template variables missing');
  }
  if (ticket) {
    await recordEvent(tx, {
      ticketId: ticket.id,
      action: 'message.queued',
      at: now,
      actorKind: 'system',
      payload: { messageId: row.id, template: input.template, channel, status, notBefore: notBefore.toISOString() },
    });
  }
  if (suppressed) return null;
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, ${String(row.id)})`);
  return { messageId: row.id };
}
