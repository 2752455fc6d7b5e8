import { and, eq, inArray, ne, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { catalogueEntries, categories, routingPairCounts, routingWeights, units } from '../../db/schema/index.ts';
import type { PlaceUnit } from '../../domain/routing/address.ts';
import type { CatalogueRow } from '../../domain/routing/catalogue.ts';
import { DOC_TOKEN, TOTAL_TOKEN } from '../../domain/routing/learn.ts';
import type { RoutingModel, WeightTable } from '../../domain/routing/score.ts';
import { keywordList } from '../../domain/routing/tokens.ts';

export async function loadPlaces(db: Executor): Promise<PlaceUnit[]> {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind, parentId: units.parentId })
    .from(units)
    .where(eq(units.active, true));
}

export async function loadCatalogue(db: Executor): Promise<CatalogueRow[]> {
  return db
    .select({
      id: catalogueEntries.id,
      categoryId: catalogueEntries.categoryId,
      jurisdictionId: catalogueEntries.jurisdictionId,
      unitId: catalogueEntries.unitId,
      coUnitIds: catalogueEntries.coUnitIds,
      effectiveFrom: catalogueEntries.effectiveFrom,
      effectiveTo: catalogueEntries.effectiveTo,
      active: catalogueEntries.active,
    })
    .from(catalogueEntries)
    .where(eq(catalogueEntries.active, true));
}

function table(rows: Array<{ token: string; targetId: number; weight: number }>): {
  weights: WeightTable;
  totals: Map<number, number>;
} {
  const weights: WeightTable = new Map();
  const totals = new Map<number, number>();
  for (const r of rows) {
    if (r.token === TOTAL_TOKEN) {
      totals.set(r.targetId, r.weight);
      continue;
    }
    let m = weights.get(r.token);
    if (!m) {
      m = new Map();
      weights.set(r.token, m);
    }
    m.set(r.targetId, r.weight);
  }
  return { weights, totals };
}

/**
 * The part of the model a suggestion needs: learned weights only for the ticket's own words (plus the
 * per-target totals), so the cost does not grow with the vocabulary.
 */
export async function loadRoutingModel(
  db: Executor,
  tokens: readonly string[],
  jurisdiction: readonly number[],
): Promise<RoutingModel> {
  const wanted = [...new Set([DOC_TOKEN, TOTAL_TOKEN, ...tokens])];
  const [cats, catalogue, weightRows, pairRows, unitRows] = await Promise.all([
    db
      .select({
        id: categories.id,
        name: categories.name,
        fullName: categories.fullName,
        keywords: categories.keywords,
      })
      .from(categories)
      .where(and(eq(categories.isLeaf, true), eq(categories.active, true))),
    loadCatalogue(db),
    db
      .select({
        kind: routingWeights.kind,
        token: routingWeights.token,
        targetId: routingWeights.targetId,
        weight: routingWeights.weight,
      })
      .from(routingWeights)
      .where(inArray(routingWeights.token, wanted)),
    db
      .select()
      .from(routingPairCounts)
      .where(
        jurisdiction.length
          ? or(inArray(routingPairCounts.jurisdictionId, [...jurisdiction]), eq(routingPairCounts.jurisdictionId, 0))
          : eq(routingPairCounts.jurisdictionId, 0),
      ),
    db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.active, true), ne(units.kind, 'centre'))),
  ]);
  const cat = table(weightRows.filter((r) => r.kind === 'category'));
  const unit = table(weightRows.filter((r) => r.kind === 'unit'));
  const pairCounts = new Map<string, Map<number, number>>();
  for (const p of pairRows) {
    const key = `${p.categoryId}:${p.jurisdictionId}`;
    let m = pairCounts.get(key);
    if (!m) {
      m = new Map();
      pairCounts.set(key, m);
    }
    m.set(p.unitId, p.weight);
  }
  return {
    categories: cats.map((c) => ({
      id: c.id,
      name: c.name,
      fullName: c.fullName,
      keywords: keywordList(c.name, c.keywords),
    })),
    catalogue,
    categoryWeights: cat.weights,
    categoryTotals: cat.totals,
    unitWeights: unit.weights,
    unitTotals: unit.totals,
    pairCounts,
    unitNames: new Map(unitRows.map((u) => [u.id, u.name])),
  };
}
