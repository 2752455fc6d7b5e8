import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, tickets } from '../../db/schema/index.ts';
import type { Suggestion } from '../../domain/routing/score.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { recordRoutingFeedback } from '../routing/learn.ts';
import { suggestFor } from '../routing/suggest.ts';
import { lockTicket } from './core.ts';
import { dispatchWithCo } from './create.ts';
import type { Dispatch, DispatchActor } from './types.ts';

export interface CentreDispatchInput {
  ticketId: number;
  unitId: number;
  coUnitIds?: number[];
  /** The category the dispatcher settled on (changes the ticket's when different). */
  categoryId?: number | null;
  instructions?: string | null;
  actor: DispatchActor;
  source?: 'dispatch' | 'auto';
}

export interface CentreDispatchResult {
  lead: Dispatch;
  co: Dispatch[];
  suggestion: Suggestion | null;
  /** true when the dispatcher took the top suggestion; false is an override (recorded, learned from). */
  acceptedSuggestion: boolean;
}

/**
 * The centre's dispatch of a registered ticket: fixes the category if the dispatcher changed it, sends the
 * lead (and co-handling units), and records what the routing model suggested against what was chosen, so
 * overrides improve later suggestions.
 */
export async function dispatchFromCentre(
  tx: Executor,
  deps: Deps,
  input: CentreDispatchInput,
  now: Date,
): Promise<CentreDispatchResult> {
  const ticket = await lockTicket(tx, input.ticketId);
  // What the dispatcher was shown: the suggestion for the ticket as it stands before this action.
  const { suggestions, jurisdiction } = await suggestFor(tx, ticket, now, { limit: 1 });
  const top = suggestions[0] ?? null;
  const categoryId = input.categoryId ?? ticket.categoryId;
  if (input.categoryId && input.categoryId !== ticket.categoryId) {
    const [cat] = await tx
      .select({ id: categories.id, isLeaf: categories.isLeaf })
      .from(categories)
      .where(eq(categories.id, input.categoryId));
    if (!cat) {
      throw new AppError('validation', '分类不存在', { fields: [{ path: 'categoryId', message: '分类不存在' }] });
    }
    await tx
      .update(tickets)
      .set({ categoryId: input.categoryId, updatedAt: now, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, ticket.id));
    await recordEvent(tx, {
      ticketId: ticket.id,
      action: 'ticket.updated',
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      payload: { changes: { categoryId: { from: ticket.categoryId, to: input.categoryId } }, by: 'dispatch' },
      requestId: input.actor.requestId ?? null,
    });
  }
  const { lead, co } = await dispatchWithCo(
    tx,
    deps,
    {
      ticketId: ticket.id,
      leadUnitId: input.unitId,
      coUnitIds: input.coUnitIds,
      instructions: input.instructions,
      actor: input.actor,
    },
    now,
  );
  const { accepted } = await recordRoutingFeedback(tx, {
    ticketId: ticket.id,
    dispatchId: lead.id,
    ticket,
    suggested: top ? { categoryId: top.categoryId, unitId: top.unitId, confidence: top.confidence } : null,
    chosenCategoryId: categoryId,
    chosenUnitId: input.unitId,
    jurisdictionId: jurisdiction?.unitId ?? null,
    source: input.source ?? 'dispatch',
    actorId: input.actor.id,
    at: now,
  });
  return { lead, co, suggestion: top, acceptedSuggestion: accepted };
}
