import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { contacts, messages } from '../../db/schema/index.ts';
import { releaseTime } from '../../domain/followup/quietHours.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor } from '../tickets.ts';
import { OUTBOX_CHANNEL } from './outbox.ts';
import { loadFollowupSettings } from './settings.ts';

export type MessageRow = typeof messages.$inferSelect;

const RESENDABLE = new Set(['failed', 'ambiguous', 'sent', 'delivered']);

async function lockMessage(tx: Executor, id: number): Promise<MessageRow> {
  const [m] = await tx.select().from(messages).where(eq(messages.id, id)).for('update');
  if (!m) throw new AppError('not_found', `消息 ${id} 不存在`);
  if (m.direction !== 'out') throw conflict('只能操作发出的消息', { direction: m.direction });
  return m;
}

/**
 * Staff resend: a new outbox row with the same text (quiet hours and opt-out apply as to any message);
 * the original keeps its history and points at the copy. This is the manual decision for an 'ambiguous'
 * send: the operator checked (e.g. with the citizen) that the text did not arrive.
 */
export async function resendMessage(
  tx: Executor,
  _deps: Deps,
  input: { messageId: number; actor: Actor; note?: string | null },
  now: Date,
): Promise<MessageRow> {
  const m = await lockMessage(tx, input.messageId);
  if (!RESENDABLE.has(m.status)) throw conflict(`状态为 ${m.status} 的消息不能重发`, { status: m.status });
  if (m.channel === 'sms' && m.contactId) {
    const [c] = await tx.select({ optOut: contacts.smsOptOut }).from(contacts).where(eq(contacts.id, m.contactId));
    if (c?.optOut) throw conflict('市民已退订短信，不能重发', { contactId: m.contactId });
  }
  const settings = await loadFollowupSettings(tx);
  const notBefore = m.channel === 'sms' ? releaseTime(now, m.urgent, settings.quietHours) : now;
  const [copy] = await tx
    .insert(messages)
    .values({
      ticketId: m.ticketId,
      contactId: m.contactId,
      channel: m.channel,
      direction: 'out',
      toAddr: m.toAddr,
      fromAddr: m.fromAddr,
      subject: m.subject,
      body: m.body,
      status: notBefore.getTime() > now.getTime() ? 'held' : 'queued',
      template: m.template,
      urgent: m.urgent,
      notBefore,
      meta: { ...m.meta, resendOf: m.id, resentBy: input.actor.id },
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!copy) throw new AppError('internal', 'resend insert returned nothing');
  await tx
    .update(messages)
    .set({
      meta: {
        ...m.meta,
        resentAs: copy.id,
        resolvedBy: input.actor.id,
        resolution: 'resent',
        note: input.note ?? null,
      },
      updatedAt: now,
    })
    .where(eq(messages.id, m.id));
  if (m.ticketId) {
    await recordEvent(tx, {
      ticketId: m.ticketId,
      action: 'message.queued',
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      payload: { messageId: copy.id, resendOf: m.id, channel: m.channel, template: m.template },
      requestId: input.actor.requestId,
    });
  }
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, ${String(copy.id)})`);
  return copy;
}

/** The other manual decision for an 'ambiguous' send: the operator confirmed it arrived (Twilio console). */
export async function markMessageSent(
  tx: Executor,
  input: { messageId: number; actor: Actor; providerId?: string | null; note?: string | null },
  now: Date,
): Promise<MessageRow> {
  const m = await lockMessage(tx, input.messageId);
  if (m.status !== 'ambiguous') throw conflict('只有“发送结果不明”的消息可以人工确认', { status: m.status });
  const [row] = await tx
    .update(messages)
    .set({
      status: 'sent',
      providerId: input.providerId ?? m.providerId,
      sentAt: m.sentAt ?? now,
      meta: { ...m.meta, resolvedBy: input.actor.id, resolution: 'confirmed_sent', note: input.note ?? null },
      updatedAt: now,
    })
    .where(eq(messages.id, m.id))
    .returning();
  if (!row) throw new AppError('internal', 'update returned nothing');
  if (m.ticketId) {
    await recordEvent(tx, {
      ticketId: m.ticketId,
      action: 'message.sent',
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      payload: { messageId: m.id, manual: true },
      requestId: input.actor.requestId,
    });
  }
  return row;
}
