/**
 * Rollup grains and which one answers a report. The full grain (day or month × unit × category × channel)
 * can answer anything; coarser cuts drop dimensions so that common reports read a few hundred rows
 * instead of tens of thousands. A dropped dimension is stored as -1 (unit, category) or '*' (channel).
 */
export interface Grain {
  monthly: boolean;
  unit: boolean;
  category: boolean;
  channel: boolean;
}

export const CUBE_GRAINS = {
  m: { monthly: true, unit: false, category: false, channel: true },
  mu: { monthly: true, unit: true, category: false, channel: true },
  mc: { monthly: true, unit: false, category: true, channel: true },
  muc: { monthly: true, unit: true, category: true, channel: false },
  d: { monthly: false, unit: false, category: false, channel: true },
  du: { monthly: false, unit: true, category: false, channel: true },
  dc: { monthly: false, unit: false, category: true, channel: true },
} as const satisfies Record<string, Grain>;
export type CubeGrain = keyof typeof CUBE_GRAINS;

export const DROPPED_ID = -1;
export const DROPPED_CHANNEL = '*';

export type CubeTable = 'kpi_cubes' | 'kpi_month_cubes';

/** Monthly grains live apart from daily ones, so that a month's rows sit together on few pages. */
export function cubeTable(grain: CubeGrain): CubeTable {
  return CUBE_GRAINS[grain].monthly ? 'kpi_month_cubes' : 'kpi_cubes';
}

export type RollupSource = { table: CubeTable; grain: CubeGrain } | { table: 'kpi_monthly' | 'kpi_daily'; grain: null };

/** The smallest source keeping every dimension the report filters or groups on. */
export function chooseSource(need: Grain): RollupSource {
  let best: CubeGrain | null = null;
  for (const [name, g] of Object.entries(CUBE_GRAINS) as Array<[CubeGrain, Grain]>) {
    if (g.monthly !== need.monthly) continue;
    if ((need.unit && !g.unit) || (need.category && !g.category) || (need.channel && !g.channel)) continue;
    // fewer kept dimensions = fewer rows
    const size = (x: Grain) => Number(x.unit) * 4 + Number(x.category) * 2 + Number(x.channel);
    if (best === null || size(g) < size(CUBE_GRAINS[best])) best = name;
  }
  if (best) return { table: cubeTable(best), grain: best };
  return { table: need.monthly ? 'kpi_monthly' : 'kpi_daily', grain: null };
}
