import type { Db } from '../../db/client.ts';
import { type Actor, allocateTicketNo, insertTicket, type NewTicket, type Ticket } from '../tickets.ts';
import { proposeClusterFor } from './clusters.ts';
import { detectAndLinkRepeat, type RepeatLink } from './repeats.ts';

/**
 * An agent registers a caller's matter (POST /api/tickets): the ticket, its contact and its event, and,
 * like every citizen channel, the automatic repeat check (same contact and category, similar content,
 * 30 days) in the same transaction. A repeat of an open ticket is merged into it and not dispatched
 * again. `checkRepeat: false` is the agent's opt-out for one registration (they know the caller raises
 * a new matter); the ticket can still be linked by hand later. A ticket that is no repeat joins (or starts)
 * a cluster proposal when other citizens reported the same category at the same place within the day,
 * as a web or SMS report would: `proposedClusterId`.
 */
export async function registerAgentTicket(
  db: Db,
  input: NewTicket,
  actor: Actor,
  now: Date,
  opts: { checkRepeat: boolean },
): Promise<{ ticket: Ticket; repeat: RepeatLink | null; proposedClusterId: number | null }> {
  const ticketNo = await allocateTicketNo(db, now);
  return db.transaction(async (tx) => {
    const ticket = await insertTicket(tx, ticketNo, input, actor, now);
    const repeat = opts.checkRepeat ? await detectAndLinkRepeat(tx, ticket, actor, now) : null;
    const cluster = repeat ? null : await proposeClusterFor(tx, ticket, actor, now);
    return { ticket, repeat, proposedClusterId: cluster?.clusterId ?? null };
  });
}
