import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { routingFeedback, routingPairCounts, routingWeights } from '../../db/schema/index.ts';
import { learningDeltas, OVERRIDE_WEIGHT } from '../../domain/routing/learn.ts';
import type { RoutableText } from '../../domain/routing/tokens.ts';
import { ticketTokens } from './tokens.ts';

export interface RoutingOutcome {
  ticket: RoutableText;
  categoryId: number | null;
  unitId: number;
  jurisdictionId: number | null;
}

/** Adds what one routed ticket teaches to the keyword and pair tables (upserts, in the caller's transaction). */
export async function learnRouting(tx: Executor, outcome: RoutingOutcome, weight: number): Promise<void> {
  const { weights, pair } = learningDeltas(await ticketTokens(tx, outcome.ticket), outcome, weight);
  if (weights.length) {
    // Sorted so concurrent learners lock the same keys in the same order.
    const rows = [...weights].sort((a, b) =>
      a.kind === b.kind
        ? a.token === b.token
          ? a.targetId - b.targetId
          : a.token < b.token
            ? -1
            : 1
        : a.kind < b.kind
          ? -1
          : 1,
    );
    await tx
      .insert(routingWeights)
      .values(rows)
      .onConflictDoUpdate({
        target: [routingWeights.kind, routingWeights.token, routingWeights.targetId],
        set: { weight: sql`${routingWeights.weight} + excluded.weight` },
      });
  }
  if (pair) {
    await tx
      .insert(routingPairCounts)
      .values(pair)
      .onConflictDoUpdate({
        target: [routingPairCounts.categoryId, routingPairCounts.jurisdictionId, routingPairCounts.unitId],
        set: { weight: sql`${routingPairCounts.weight} + excluded.weight` },
      });
  }
}

export interface FeedbackInput {
  ticketId: number;
  dispatchId: number | null;
  ticket: RoutableText;
  suggested: { categoryId: number; unitId: number; confidence: number } | null;
  chosenCategoryId: number | null;
  chosenUnitId: number;
  jurisdictionId: number | null;
  source: 'dispatch' | 'return' | 'transfer' | 'auto';
  actorId: number | null;
  at: Date;
}

/**
 * Records what was suggested and what was chosen, and learns from it: an accepted suggestion with weight 1,
 * an override (or a correction after a return/transfer) with OVERRIDE_WEIGHT.
 */
export async function recordRoutingFeedback(tx: Executor, f: FeedbackInput): Promise<{ accepted: boolean }> {
  const accepted =
    f.suggested !== null &&
    f.suggested.unitId === f.chosenUnitId &&
    (f.chosenCategoryId === null || f.suggested.categoryId === f.chosenCategoryId);
  await tx.insert(routingFeedback).values({
    ticketId: f.ticketId,
    dispatchId: f.dispatchId,
    suggestedCategoryId: f.suggested?.categoryId ?? null,
    suggestedUnitId: f.suggested?.unitId ?? null,
    confidence: f.suggested?.confidence ?? null,
    chosenCategoryId: f.chosenCategoryId,
    chosenUnitId: f.chosenUnitId,
    jurisdictionId: f.jurisdictionId,
    accepted,
    source: f.source,
    actorId: f.actorId,
    at: f.at,
  });
  const weight = accepted || f.source === 'auto' ? 1 : OVERRIDE_WEIGHT;
  await learnRouting(
    tx,
    { ticket: f.ticket, categoryId: f.chosenCategoryId, unitId: f.chosenUnitId, jurisdictionId: f.jurisdictionId },
    weight,
  );
  return { accepted };
}
