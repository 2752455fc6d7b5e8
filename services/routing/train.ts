import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dispatches, routingPairCounts, routingWeights, tickets } from '../../db/schema/index.ts';
import { learningDeltas, type PairDelta, type WeightDelta } from '../../domain/routing/learn.ts';
import { loadPlaceIndex, tokensOf } from './tokens.ts';

export interface RoutedTicket {
  ticketId: number;
  title: string;
  content: string;
  address: string | null;
  categoryId: number | null;
  unitId: number;
  jurisdictionId: number | null;
}

/**
 * Where tickets finally went: per ticket, the last lead dispatch that was not returned, transferred or
 * cancelled (the unit that really handled it), with the ticket's final category.
 */
export async function routedTickets(db: Db, ticketIds?: number[]): Promise<RoutedTicket[]> {
  const rows = await db
    .select({
      ticketId: dispatches.ticketId,
      unitId: dispatches.unitId,
      title: tickets.title,
      content: tickets.content,
      address: tickets.address,
      categoryId: tickets.categoryId,
      districtId: tickets.districtId,
    })
    .from(dispatches)
    .innerJoin(tickets, eq(tickets.id, dispatches.ticketId))
    .where(
      and(
        eq(dispatches.role, 'lead'),
        notInArray(dispatches.status, ['returned', 'transferred', 'cancelled']),
        ticketIds ? inArray(dispatches.ticketId, ticketIds.length ? ticketIds : [-1]) : undefined,
      ),
    )
    .orderBy(asc(dispatches.ticketId), asc(dispatches.id));
  const last = new Map<number, RoutedTicket>();
  for (const r of rows) {
    last.set(r.ticketId, {
      ticketId: r.ticketId,
      title: r.title,
      content: r.content,
      address: r.address,
      categoryId: r.categoryId,
      unitId: r.unitId,
      jurisdictionId: r.districtId,
    });
  }
  return [...last.values()];
}

/**
 * Rebuilds the keyword model from routed history (optionally only some tickets, for a train/test split).
 * Aggregates in memory and writes in batches; the old model is replaced in the same transaction.
 */
export async function trainRouting(
  db: Db,
  examples: readonly RoutedTicket[],
  opts: { reset?: boolean } = {},
): Promise<number> {
  const places = await loadPlaceIndex(db);
  const weights = new Map<string, WeightDelta>();
  const pairs = new Map<string, PairDelta>();
  for (const ex of examples) {
    const d = learningDeltas(tokensOf(ex, places).tokens, ex, 1);
    for (const w of d.weights) {
      const k = `${w.kind}\u0000${w.token}\u0000${w.targetId}`;
      const prev = weights.get(k);
      if (prev) prev.weight += w.weight;
      else weights.set(k, { ...w });
    }
    if (d.pair) {
      const k = `${d.pair.categoryId}:${d.pair.jurisdictionId}:${d.pair.unitId}`;
      const prev = pairs.get(k);
      if (prev) prev.weight += d.pair.weight;
      else pairs.set(k, { ...d.pair });
    }
  }
  await db.transaction(async (tx) => {
    if (opts.reset) {
      await tx.delete(routingWeights);
      await tx.delete(routingPairCounts);
    }
    const wRows = [...weights.values()];
    for (let i = 0; i < wRows.length; i += 1000) {
      await tx
        .insert(routingWeights)
        .values(wRows.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [routingWeights.kind, routingWeights.token, routingWeights.targetId],
          set: { weight: sql`${routingWeights.weight} + excluded.weight` },
        });
    }
    const pRows = [...pairs.values()];
    for (let i = 0; i < pRows.length; i += 1000) {
      await tx
        .insert(routingPairCounts)
        .values(pRows.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [routingPairCounts.categoryId, routingPairCounts.jurisdictionId, routingPairCounts.unitId],
          set: { weight: sql`${routingPairCounts.weight} + excluded.weight` },
        });
    }
  });
  return examples.length;
}
