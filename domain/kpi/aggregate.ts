/**
 * Turns fold deltas into the upserts the rollup tables need: one row per (day, unit, category, channel)
 * and per (month, …) with summed counters; and, for events that arrive after their period was published
 * (event id above the watermark frozen with the period), the correction-note increments.
 */
import type { EventCounter } from './counters.ts';
import { CUBE_GRAINS, type CubeGrain, DROPPED_CHANNEL, DROPPED_ID } from './cubes.ts';
import type { Delta } from './fold.ts';
import { monthOf } from './periods.ts';

export interface RollupKey {
  /** 'YYYY-MM-DD' for daily rows, 'YYYY-MM-01' for monthly rows. */
  day: string;
  unitId: number;
  categoryId: number;
  channel: string;
}

export interface RollupRow extends RollupKey {
  counters: Partial<Record<EventCounter, number>>;
}

/** A published period as the fold needs it: its days and the watermark its figures were frozen at. */
export interface CubeRow extends RollupRow {
  grain: CubeGrain;
}

export interface PublishedWindow {
  id: number;
  from: string;
  to: string;
  watermark: number;
}

export interface CorrectionRow {
  periodId: number;
  unitId: number;
  counter: EventCounter;
  n: number;
  /** Highest late event id: the note can say up to which event it is complete. */
  lastEventId: number;
}

export interface Aggregated {
  daily: RollupRow[];
  monthly: RollupRow[];
  cubes: CubeRow[];
  corrections: CorrectionRow[];
}

const GRAINS = Object.entries(CUBE_GRAINS) as Array<[CubeGrain, (typeof CUBE_GRAINS)[CubeGrain]]>;

function bump(map: Map<string, RollupRow>, key: RollupKey, counter: EventCounter): void {
  const k = `${key.day}|${key.unitId}|${key.categoryId}|${key.channel}`;
  let row = map.get(k);
  if (!row) {
    row = { ...key, counters: {} };
    map.set(k, row);
  }
  row.counters[counter] = (row.counters[counter] ?? 0) + 1;
}

export function aggregateDeltas(deltas: readonly Delta[], published: readonly PublishedWindow[] = []): Aggregated {
  const daily = new Map<string, RollupRow>();
  const monthly = new Map<string, RollupRow>();
  const cubes = new Map<string, CubeRow>();
  const corrections = new Map<string, CorrectionRow>();
  for (const d of deltas) {
    const key = { unitId: d.unitId, categoryId: d.categoryId, channel: d.channel };
    bump(daily, { day: d.day, ...key }, d.counter);
    const month = `${monthOf(d.day)}-01`;
    bump(monthly, { day: month, ...key }, d.counter);
    for (const [grain, g] of GRAINS) {
      const cubeKey = {
        day: g.monthly ? month : d.day,
        unitId: g.unit ? d.unitId : DROPPED_ID,
        categoryId: g.category ? d.categoryId : DROPPED_ID,
        channel: g.channel ? d.channel : DROPPED_CHANNEL,
      };
      const k = `${grain}|${cubeKey.day}|${cubeKey.unitId}|${cubeKey.categoryId}|${cubeKey.channel}`;
      let row = cubes.get(k);
      if (!row) {
        row = { grain, ...cubeKey, counters: {} };
        cubes.set(k, row);
      }
      row.counters[d.counter] = (row.counters[d.counter] ?? 0) + 1;
    }
    for (const p of published) {
      if (d.day < p.from || d.day >= p.to || d.eventId <= p.watermark) continue;
      const k = `${p.id}|${d.unitId}|${d.counter}`;
      const c = corrections.get(k);
      if (c) {
        c.n += 1;
        c.lastEventId = Math.max(c.lastEventId, d.eventId);
      } else {
        corrections.set(k, { periodId: p.id, unitId: d.unitId, counter: d.counter, n: 1, lastEventId: d.eventId });
      }
    }
  }
  return {
    daily: [...daily.values()],
    monthly: [...monthly.values()],
    cubes: [...cubes.values()],
    corrections: [...corrections.values()],
  };
}
