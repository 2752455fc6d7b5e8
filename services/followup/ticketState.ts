import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { ticketArchives, tickets } from '../../db/schema/index.ts';
import type { CloseReason, EventAction, TicketStatus } from '../../domain/vocabulary.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor, Ticket } from '../tickets.ts';

/** Reads a ticket under a row lock: follow-up steps on one ticket never interleave. */
export async function lockTicket(tx: Executor, ticketId: number): Promise<Ticket> {
  const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update').limit(1);
  if (!t) throw new AppError('not_found', `工单 ${ticketId} 不存在`);
  return t;
}

export interface StatusChange {
  ticket: Ticket;
  to: TicketStatus;
  action: EventAction;
  actor: Actor;
  at: Date;
  closeReason?: CloseReason | null;
  dispatchId?: number | null;
  payload?: Record<string, unknown>;
}

/** Moves the ticket and writes its event in the caller's transaction. */
export async function changeTicketStatus(tx: Executor, c: StatusChange): Promise<void> {
  const closing = c.to === 'closed';
  await tx
    .update(tickets)
    .set({
      status: c.to,
      closeReason: closing ? (c.closeReason ?? null) : null,
      closedAt: closing ? c.at : null,
      updatedAt: c.at,
      version: sql`${tickets.version} + 1`,
    })
    .where(eq(tickets.id, c.ticket.id));
  await recordEvent(tx, {
    ticketId: c.ticket.id,
    action: c.action,
    at: c.at,
    actorId: c.actor.id,
    actorKind: c.actor.kind,
    dispatchId: c.dispatchId ?? null,
    fromStatus: c.ticket.status,
    toStatus: c.to,
    payload: { ...(closing ? { closeReason: c.closeReason ?? null } : {}), ...c.payload },
    requestId: c.actor.requestId,
  });
}

export async function closeTicket(
  tx: Executor,
  ticket: Ticket,
  closeReason: CloseReason,
  actor: Actor,
  at: Date,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await changeTicketStatus(tx, { ticket, to: 'closed', action: 'ticket.closed', actor, at, closeReason, payload });
}

export async function isArchived(tx: Executor, ticketId: number): Promise<boolean> {
  const rows = await tx
    .select({ id: ticketArchives.ticketId })
    .from(ticketArchives)
    .where(eq(ticketArchives.ticketId, ticketId));
  return rows.length > 0;
}
