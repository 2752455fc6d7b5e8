/**
 * Rankings of units on one KPI. Standard competition ranking ("1224"): equal values share a rank.
 * A unit whose denominator is below `minDenominator` is listed unranked (rank null) after the others,
 * so one ticket answered on time does not put a unit first with 100 %.
 */
import type { Counters } from './counters.ts';
import { computeKpi, KPI_BY_CODE, type KpiCode } from './definitions.ts';

export interface RankInput {
  id: number;
  name: string;
  counters: Counters;
}

export interface RankEntry {
  id: number;
  name: string;
  rank: number | null;
  value: number | null;
  numerator: number;
  denominator: number;
}

/** Values equal to this many decimals tie (rates are ratios of integers: float noise must not split ties). */
const TIE_DIGITS = 9;

export function rankUnits(items: readonly RankInput[], kpi: KpiCode, minDenominator = 1): RankEntry[] {
  const def = KPI_BY_CODE[kpi];
  const all = items.map((i) => ({ id: i.id, name: i.name, ...computeKpi(def, i.counters) }));
  const eligible = all.filter((e) => e.value !== null && e.denominator >= Math.max(1, minDenominator));
  const rest = all.filter((e) => !eligible.includes(e));
  const dir = def.higherIsBetter ? -1 : 1;
  eligible.sort((a, b) => {
    const av = Number((a.value ?? 0).toFixed(TIE_DIGITS));
    const bv = Number((b.value ?? 0).toFixed(TIE_DIGITS));
    if (av !== bv) return dir * (av - bv);
    // Same rate: the larger volume first (display order only; the rank is shared).
    return b.denominator - a.denominator || a.id - b.id;
  });
  const ranked: RankEntry[] = [];
  let prev: number | null = null;
  let prevRank = 0;
  eligible.forEach((e, i) => {
    const v = Number((e.value ?? 0).toFixed(TIE_DIGITS));
    const rank = prev !== null && v === prev ? prevRank : i + 1;
    prev = v;
    prevRank = rank;
    ranked.push({ ...e, rank });
  });
  rest.sort((a, b) => b.denominator - a.denominator || a.id - b.id);
  return [...ranked, ...rest.map((e) => ({ ...e, rank: null }))];
}
