/** Responsibility catalogue lookups (权责清单), pure over rows the caller loaded. */
export interface CatalogueRow {
  id: number;
  categoryId: number;
  jurisdictionId: number | null;
  unitId: number;
  coUnitIds: number[];
  effectiveFrom: Date;
  effectiveTo: Date | null;
  active: boolean;
}

export function isEffective(row: CatalogueRow, at: Date): boolean {
  const t = at.getTime();
  return row.active && row.effectiveFrom.getTime() <= t && (row.effectiveTo === null || t < row.effectiveTo.getTime());
}

/**
 * The responsible unit for a category at a place: the most specific jurisdiction in the chain wins
 * (street before district before city-wide); among rows of one jurisdiction the latest effectiveFrom wins.
 */
export function lookupCatalogue(
  rows: readonly CatalogueRow[],
  categoryId: number,
  chain: readonly number[],
  at: Date,
): CatalogueRow | null {
  const live = rows.filter((r) => r.categoryId === categoryId && isEffective(r, at));
  for (const j of [...chain, null]) {
    const hits = live.filter((r) => r.jurisdictionId === j);
    if (hits.length) return hits.reduce((a, b) => (b.effectiveFrom.getTime() > a.effectiveFrom.getTime() ? b : a));
  }
  return null;
}

/** Two rows for the same category and place whose validity overlaps: the catalogue would be ambiguous. */
export function overlaps(a: Omit<CatalogueRow, 'id'>, b: Omit<CatalogueRow, 'id'>): boolean {
  if (a.categoryId !== b.categoryId || a.jurisdictionId !== b.jurisdictionId) return false;
  if (!a.active || !b.active) return false;
  const aEnd = a.effectiveTo?.getTime() ?? Number.POSITIVE_INFINITY;
  const bEnd = b.effectiveTo?.getTime() ?? Number.POSITIVE_INFINITY;
  return a.effectiveFrom.getTime() < bEnd && b.effectiveFrom.getTime() < aEnd;
}
