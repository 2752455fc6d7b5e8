import type { Executor } from '../../db/client.ts';
import { recordRoutingFeedback } from '../routing/learn.ts';
import { resolvePlace } from '../routing/suggest.ts';
import type { Ticket } from '../tickets.ts';
import type { Dispatch, DispatchActor } from './types.ts';

/**
 * A return approved or a transfer by the centre says the first unit was wrong: teach the routing model the
 * unit that finally took the matter, as an override of the first.
 */
export async function learnFromCorrection(
  tx: Executor,
  ticket: Ticket,
  fromUnitId: number,
  to: Dispatch,
  source: 'return' | 'transfer',
  actor: DispatchActor,
  now: Date,
): Promise<void> {
  const place = await resolvePlace(tx, ticket);
  await recordRoutingFeedback(tx, {
    ticketId: ticket.id,
    dispatchId: to.id,
    ticket,
    suggested: ticket.categoryId ? { categoryId: ticket.categoryId, unitId: fromUnitId, confidence: 0 } : null,
    chosenCategoryId: ticket.categoryId,
    chosenUnitId: to.unitId,
    jurisdictionId: place?.unitId ?? null,
    source,
    actorId: actor.id,
    at: now,
  });
}
