import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { revisits, tickets } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor } from '../tickets.ts';
import { unarchive } from './archive.ts';
import { enqueueMessage } from './outbox.ts';
import { loadFollowupSettings } from './settings.ts';
import { changeTicketStatus, lockTicket } from './ticketState.ts';

export interface ReopenInput {
  ticketId: number;
  /** The citizen's new contact (a repeat ticket Intake linked), merged into the reopened original. */
  repeatTicketId?: number | null;
  reason: string;
  actor: Actor;
}

/**
 * A citizen's new contact about a closed matter within the reopen window (30 days by default) reopens it
 * (repeat, 重复件) instead of starting a new case: the original goes back to 'registered' for a dispatcher
 * (with its whole history), leaves the archive, the new contact is merged into it, and the citizen is told.
 * Older closed matters are refused (conflict): they are new cases.
 */
export async function reopenTicket(
  tx: Executor,
  deps: Deps,
  input: ReopenInput,
  now: Date,
): Promise<{ ticketId: number; ticketNo: string }> {
  const ticket = await lockTicket(tx, input.ticketId);
  if (ticket.status !== 'closed') throw conflict('只有已办结的工单可以重新开启', { currentState: ticket.status });
  const settings = await loadFollowupSettings(tx);
  const closedAt = ticket.closedAt ?? ticket.updatedAt;
  if (now.getTime() - closedAt.getTime() > settings.reopenWithinDays * 86_400_000) {
    throw conflict(`办结已超过 ${settings.reopenWithinDays} 天，请作为新工单办理`, {
      closedAt: closedAt.toISOString(),
    });
  }
  // A revisit parked for a decision belongs to the closed round: it is settled by the reopening.
  await tx
    .update(revisits)
    .set({ status: 'cancelled', updatedAt: now })
    .where(and(eq(revisits.ticketId, ticket.id), inArray(revisits.status, ['open', 'awaiting_decision'])));
  const wasArchived = await unarchive(tx, ticket.id);
  await changeTicketStatus(tx, {
    ticket,
    to: 'registered',
    action: 'ticket.reopened',
    actor: input.actor,
    at: now,
    payload: {
      reason: input.reason,
      previousCloseReason: ticket.closeReason,
      repeatTicketId: input.repeatTicketId ?? null,
      wasArchived,
    },
  });
  if (input.repeatTicketId) {
    const [rep] = await tx.select().from(tickets).where(eq(tickets.id, input.repeatTicketId)).for('update');
    if (!rep) throw new AppError('not_found', `工单 ${input.repeatTicketId} 不存在`);
    if (rep.status === 'registered') {
      await tx
        .update(tickets)
        .set({ status: 'merged', repeatOfId: ticket.id, updatedAt: now })
        .where(eq(tickets.id, rep.id));
      await recordEvent(tx, {
        ticketId: rep.id,
        action: 'ticket.repeat_linked',
        at: now,
        actorId: input.actor.id,
        actorKind: input.actor.kind,
        fromStatus: rep.status,
        toStatus: 'merged',
        payload: { originalId: ticket.id, originalTicketNo: ticket.ticketNo, merged: true, reopened: true },
      });
    }
  }
  await enqueueMessage(
    tx,
    deps,
    {
      ticketId: ticket.id,
      template: 'ticket.reopened',
      vars: {},
      idempotencyKey: `reopen-${ticket.id}-${now.getTime()}`,
    },
    now,
  );
  return { ticketId: ticket.id, ticketNo: ticket.ticketNo };
}
