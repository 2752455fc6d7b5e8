/**
 * Address → jurisdiction, by unit names: "城东区东风街道幸福路12号" names the street 城东区东风街道 and so its
 * district. Pure: the caller passes the units.
 */
export interface PlaceUnit {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

export interface Jurisdiction {
  /** Most specific street/township (or district when no street is named). */
  unitId: number;
  /** From the most specific to the widest: [street, district] or [district]. */
  chain: number[];
  matched: string;
}

const RANK: Record<string, number> = { community: 3, street: 2, district: 1 };

/** Names a citizen might use for a unit: the full name, and without its district's prefix. */
export function nameVariants(u: PlaceUnit, byId: ReadonlyMap<number, PlaceUnit>): string[] {
  const out = new Set([u.name]);
  let parent = u.parentId ? byId.get(u.parentId) : undefined;
  while (parent && RANK[parent.kind]) {
    if (u.name.startsWith(parent.name) && u.name.length > parent.name.length + 1) {
      out.add(u.name.slice(parent.name.length));
    }
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return [...out];
}

export interface PlaceIndex {
  byId: Map<number, PlaceUnit>;
  names: Array<{ name: string; unit: PlaceUnit }>;
}

export function buildPlaceIndex(units: readonly PlaceUnit[]): PlaceIndex {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names: PlaceIndex['names'] = [];
  for (const u of units) {
    if (!RANK[u.kind]) continue;
    for (const name of nameVariants(u, byId)) if (name.length >= 2) names.push({ name, unit: u });
  }
  // Longest names first so "城东区东风街道" beats "城东区".
  names.sort((a, b) => b.name.length - a.name.length);
  return { byId, names };
}

function chainOf(unit: PlaceUnit, byId: ReadonlyMap<number, PlaceUnit>): number[] {
  const chain: number[] = [];
  let u: PlaceUnit | undefined = unit;
  while (u && RANK[u.kind]) {
    // Catalogue jurisdictions are streets and districts; a community resolves to its street.
    if (u.kind !== 'community') chain.push(u.id);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return chain;
}

export function resolveJurisdiction(text: string, index: PlaceIndex): Jurisdiction | null {
  if (!text) return null;
  let best: { name: string; unit: PlaceUnit } | undefined;
  for (const cand of index.names) {
    if (!text.includes(cand.name)) continue;
    if (
      !best ||
      (RANK[cand.unit.kind] ?? 0) > (RANK[best.unit.kind] ?? 0) ||
      ((RANK[cand.unit.kind] ?? 0) === (RANK[best.unit.kind] ?? 0) && cand.name.length > best.name.length)
    ) {
      best = cand;
    }
  }
  if (!best) return null;
  const chain = chainOf(best.unit, index.byId);
  const first = chain[0];
  if (first === undefined) return null;
  return { unitId: first, chain, matched: best.name };
}

/** The chain of a jurisdiction chosen by the agent (tickets.district_id). */
export function jurisdictionOf(unitId: number, index: PlaceIndex): Jurisdiction | null {
  const u = index.byId.get(unitId);
  if (!u) return null;
  const chain = chainOf(u, index.byId);
  const first = chain[0];
  if (first === undefined) return null;
  return { unitId: first, chain, matched: u.name };
}
