import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../tickets.ts';
import { changeTicketStatus, lockTicket } from './ticketState.ts';

/**
 * Glue to the Dispatch engineer's rehandleTicket (a new dispatch round after a dissatisfied revisit).
 * Until services/dispatch lands, the ticket goes back to 'dispatched' with a 'ticket.rehandle' event.
 */
export async function startRehandle(
  tx: Executor,
  deps: Deps,
  args: { ticketId: number; unitId?: number; actor: Actor; reason: string },
  now: Date,
): Promise<void> {
  void deps;
  const ticket = await lockTicket(tx, args.ticketId);
  await changeTicketStatus(tx, {
    ticket,
    to: 'dispatched',
    action: 'ticket.rehandle',
    actor: args.actor,
    at: now,
    payload: { reason: args.reason, unitId: args.unitId ?? null },
  });
}
