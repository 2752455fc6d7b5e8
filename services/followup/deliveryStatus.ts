import { and, eq, or } from 'drizzle-orm';
import { contacts, messages } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';

/** Twilio MessageStatus → ours. Intermediate provider states all mean "Twilio has it": sent. */
const TWILIO_STATUS: Record<string, 'sent' | 'delivered' | 'failed'> = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Rank: a callback may only move a message forward (callbacks arrive out of order). */
const RANK: Record<string, number> = { queued: 0, held: 0, sending: 1, ambiguous: 1, sent: 2, failed: 3, delivered: 3 };

export interface StatusCallback {
  /** Our row id from the StatusCallback URL (?m=), present even when the send itself was ambiguous. */
  messageId?: number | null;
  sid: string;
  status: string;
  errorCode?: string | null;
}

/**
 * Applies a Twilio status callback. The callback URL carries our row id, so a send whose answer was lost
 * (row 'sending' or 'ambiguous') is settled by Twilio's own report: the ambiguity resolves itself.
 */
export async function applySmsStatus(
  deps: Deps,
  cb: StatusCallback,
  now: Date,
): Promise<{ updated: boolean; messageId?: number }> {
  const next = TWILIO_STATUS[cb.status];
  if (!next) return { updated: false };
  return deps.db.transaction(async (tx) => {
    const [m] = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.channel, 'sms'),
          eq(messages.direction, 'out'),
          cb.messageId
            ? or(eq(messages.id, cb.messageId), eq(messages.providerId, cb.sid))
            : eq(messages.providerId, cb.sid),
        ),
      )
      .for('update')
      .limit(1);
    if (!m) return { updated: false };
    // A row id that points at another message's SID is not ours to change.
    if (m.providerId && m.providerId !== cb.sid) return { updated: false, messageId: m.id };
    const forward = (RANK[next] ?? 0) > (RANK[m.status] ?? 0) || (m.status === 'failed' && next === 'delivered');
    if (!forward) return { updated: false, messageId: m.id };
    const wasUnsettled = m.status === 'sending' || m.status === 'ambiguous';
    await tx
      .update(messages)
      .set({
        status: next,
        providerId: cb.sid,
        sentAt: m.sentAt ?? now,
        lastError: next === 'failed' ? `twilio ${cb.status}${cb.errorCode ? ` ${cb.errorCode}` : ''}` : m.lastError,
        meta: {
          ...m.meta,
          providerStatus: cb.status,
          ...(next === 'delivered' ? { deliveredAt: now.toISOString() } : {}),
        },
        updatedAt: now,
      })
      .where(eq(messages.id, m.id));
    if (cb.errorCode === '21610') {
      await tx.update(contacts).set({ smsOptOut: true, updatedAt: now }).where(eq(contacts.phone, m.toAddr));
    }
    if (m.ticketId && (wasUnsettled || next === 'failed')) {
      await recordEvent(tx, {
        ticketId: m.ticketId,
        action: next === 'failed' ? 'message.failed' : 'message.sent',
        at: now,
        actorKind: 'system',
        payload: {
          messageId: m.id,
          channel: 'sms',
          providerId: cb.sid,
          providerStatus: cb.status,
          via: 'status_callback',
        },
      });
    }
    return { updated: true, messageId: m.id };
  });
}
