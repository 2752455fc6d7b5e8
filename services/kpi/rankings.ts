/** Rankings of units on a KPI over a period: each unit with its children, among the children of a parent. */
import type { Executor } from '../../db/client.ts';
import type { KpiCode } from '../../domain/kpi/definitions.ts';
import { type RankEntry, rankUnits } from '../../domain/kpi/rankings.ts';
import { centreUnit, kpiReport, type ReportRow } from './report.ts';

export interface RankingQuery {
  from: string;
  to: string;
  kpi: KpiCode;
  /** Rank the children of this unit (default: the centre's, i.e. departments and districts). */
  parentUnitId?: number | null;
  /** Below this denominator a unit is listed unranked. */
  minDenominator?: number;
}

export interface Ranking {
  from: string;
  to: string;
  kpi: KpiCode;
  minDenominator: number;
  entries: RankEntry[];
}

/** Units that are groups of the report (the centre level row 0 and the parent's own row are not ranked). */
export function rankableRows(rows: ReportRow[], parentUnitId: number | null): ReportRow[] {
  return rows.filter((r) => {
    const k = r.keys[0]?.key;
    return k !== null && k !== undefined && k !== '0' && k !== String(parentUnitId ?? '');
  });
}

export async function kpiRankings(db: Executor, q: RankingQuery): Promise<Ranking> {
  const report = await kpiReport(db, {
    from: q.from,
    to: q.to,
    groupBy: ['unit'],
    parentUnitId: q.parentUnitId ?? null,
  });
  const minDenominator = q.minDenominator ?? 1;
  const parent = q.parentUnitId ?? (await centreUnit(db))?.id ?? null;
  const items = rankableRows(report.rows, parent).map((r) => ({
    id: Number(r.keys[0]?.key),
    name: r.keys[0]?.label ?? '',
    counters: r.counters,
  }));
  return { from: q.from, to: q.to, kpi: q.kpi, minDenominator, entries: rankUnits(items, q.kpi, minDenominator) };
}
