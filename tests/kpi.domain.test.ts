import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateDeltas } from '../domain/kpi/aggregate.ts';
import { addCounters, type Counter, type Counters, EVENT_COUNTERS, zeroCounters } from '../domain/kpi/counters.ts';
import { chooseSource } from '../domain/kpi/cubes.ts';
import { computeKpis, KPI_DEFINITIONS } from '../domain/kpi/definitions.ts';
import { type Delta, emptyFoldState, type FoldState, foldEvents, type KpiEvent } from '../domain/kpi/fold.ts';
import {
  isWholeMonths,
  parsePeriod,
  parsePeriodKey,
  periodLabel,
  periodOf,
  periodsCovering,
  previousPeriod,
} from '../domain/kpi/periods.ts';
import { rankUnits } from '../domain/kpi/rankings.ts';
import {
  EXPECTED_BY_UNIT,
  EXPECTED_RATES,
  EXPECTED_TOTAL,
  FIXTURE_DISPATCHES,
  FIXTURE_TICKETS,
  type FixtureIds,
  fixtureRows,
  local,
} from './kpiFixture.ts';

const IDS: FixtureIds = {
  units: { A: 100, B: 200, C: 300 },
  cats: { X: 10, Y: 20 },
  tickets: { T1: 1, T2: 2, T3: 3, T4: 4, T5: 5 },
  dispatches: { D21: 21, D31: 31, D32: 32, D41: 41, D42: 42, D51: 51, D52: 52 },
};

function fixtureEvents(): KpiEvent[] {
  return fixtureRows(IDS).map((r, i) => ({
    id: i + 1,
    ticketId: r.ticketId,
    dispatchId: r.dispatchId,
    unitId: r.unitId,
    at: r.at.getTime(),
    action: r.action,
    toStatus: null,
    payload: r.payload,
  }));
}

/** Seeds as the service would load them from the tickets and dispatches rows. */
function seededState(): FoldState {
  const s = emptyFoldState();
  for (const [key, t] of Object.entries(FIXTURE_TICKETS)) {
    // T5's row says Y now, but it was created unclassified: the seed is the creation category (null).
    const created = key === 'T5' ? null : t.cat ? IDS.cats[t.cat] : null;
    s.ticketSeeds.set(IDS.tickets[key as keyof typeof IDS.tickets], { channel: t.channel, categoryId: created });
  }
  for (const [key, d] of Object.entries(FIXTURE_DISPATCHES)) {
    s.dispatchSeeds.set(IDS.dispatches[key as keyof typeof IDS.dispatches], {
      ticketId: IDS.tickets[d.t],
      unitId: IDS.units[d.unit],
      role: d.role,
      signDueAt: null,
      handleDueAt: d.handleDueAt ? local(d.handleDueAt).getTime() : null,
    });
  }
  return s;
}

function sumDeltas(deltas: Delta[], filter: (d: Delta) => boolean = () => true): Counters {
  const c = zeroCounters();
  for (const d of deltas) if (filter(d)) c[d.counter] += 1;
  return c;
}

function expectCounters(actual: Counters, expected: Partial<Record<Counter, number>>) {
  const want = zeroCounters();
  addCounters(want, expected);
  const pick = (c: Counters) => Object.fromEntries(EVENT_COUNTERS.map((n) => [n, c[n]]));
  expect(pick(actual)).toEqual(pick(want));
}

describe('KPI fold on the hand-built event set', () => {
  const deltas = foldEvents(fixtureEvents(), seededState());

  it('produces the hand-computed totals', () => {
    expectCounters(sumDeltas(deltas), EXPECTED_TOTAL);
  });

  it.each(['A', 'B', 'C'] as const)('attributes counters to unit %s', (u) => {
    expectCounters(
      sumDeltas(deltas, (d) => d.unitId === IDS.units[u]),
      EXPECTED_BY_UNIT[u],
    );
  });

  it('keeps ticket-level intake counters at centre level (unit 0)', () => {
    expectCounters(
      sumDeltas(deltas, (d) => d.unitId === 0),
      EXPECTED_BY_UNIT.none,
    );
  });

  it('computes each formula exactly', () => {
    const k = computeKpis(sumDeltas(deltas));
    for (const [code, v] of Object.entries(EXPECTED_RATES)) {
      expect(k[code as keyof typeof k].value, code).toBeCloseTo(v, 12);
    }
    expect(k.satisfactionRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // no calls in the event log: answer rates are undefined, not 0 %
    expect(k.answerRate.value).toBeNull();
  });

  it('uses the category as of each event: created unclassified, later events under the new category', () => {
    const t5Events = new Set(
      fixtureEvents()
        .filter((e) => e.ticketId === IDS.tickets.T5)
        .map((e) => e.id),
    );
    const t5 = deltas.filter((d) => t5Events.has(d.eventId));
    expect(t5.find((d) => d.counter === 'created')?.categoryId).toBe(0);
    expect(t5.filter((d) => d.counter === 'dispatches').map((d) => d.categoryId)).toEqual([20, 20]);
  });

  it('splits by channel and local day', () => {
    const byChannel = (ch: string) => sumDeltas(deltas, (d) => d.channel === ch).created;
    expect([byChannel('phone'), byChannel('web'), byChannel('sms')]).toEqual([3, 1, 1]);
    expect(deltas.find((d) => d.counter === 'directAnswered')?.day).toBe('2026-11-02');
  });

  it('answers the same whatever the batch boundaries (facts carry the state across)', () => {
    const events = fixtureEvents();
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: events.length - 1 }), { maxLength: 8 }), (cuts) => {
        const state = seededState();
        const bounds = [0, ...cuts.sort((a, b) => a - b), events.length];
        const all: Delta[] = [];
        for (let i = 0; i < bounds.length - 1; i++) {
          // what the service does between batches: facts saved as JSON and reloaded
          state.tickets = new Map(JSON.parse(JSON.stringify([...state.tickets])));
          state.dispatches = new Map(JSON.parse(JSON.stringify([...state.dispatches])));
          all.push(...foldEvents(events.slice(bounds[i], bounds[i + 1]), state));
        }
        expect(all).toEqual(deltas);
      }),
      { numRuns: 50 },
    );
  });
});

describe('aggregation and late events', () => {
  it('sums deltas into daily and monthly rows', () => {
    const deltas = foldEvents(fixtureEvents(), seededState());
    const agg = aggregateDeltas(deltas);
    const monthlyCreated = agg.monthly.reduce((s, r) => s + (r.counters.created ?? 0), 0);
    expect(monthlyCreated).toBe(5);
    expect(agg.monthly.every((r) => r.day === '2026-11-01')).toBe(true);
    const dailyTotal = agg.daily.reduce((s, r) => s + Object.values(r.counters).reduce((a, b) => a + (b ?? 0), 0), 0);
    expect(dailyTotal).toBe(deltas.length);
    expect(agg.corrections).toEqual([]);
  });

  it('sends events above a published watermark to corrections of that period only', () => {
    const deltas: Delta[] = [
      { eventId: 5, day: '2026-10-31', unitId: 7, categoryId: 0, channel: 'phone', counter: 'completed' },
      { eventId: 9, day: '2026-10-31', unitId: 7, categoryId: 0, channel: 'phone', counter: 'completed' },
      { eventId: 10, day: '2026-10-15', unitId: 7, categoryId: 1, channel: 'web', counter: 'completed' },
      { eventId: 11, day: '2026-11-01', unitId: 7, categoryId: 0, channel: 'phone', counter: 'completed' },
    ];
    const agg = aggregateDeltas(deltas, [{ id: 3, from: '2026-10-01', to: '2026-11-01', watermark: 8 }]);
    expect(agg.corrections).toEqual([{ periodId: 3, unitId: 7, counter: 'completed', n: 2, lastEventId: 10 }]);
  });
});

describe('rollup grains', () => {
  it('picks the coarsest rollup that keeps every dimension a report needs', () => {
    const g = (monthly: boolean, unit: boolean, category: boolean, channel: boolean) =>
      chooseSource({ monthly, unit, category, channel });
    expect(g(true, false, false, false)).toEqual({ table: 'kpi_month_cubes', grain: 'm' });
    expect(g(true, true, false, false)).toEqual({ table: 'kpi_month_cubes', grain: 'mu' });
    expect(g(true, false, true, true)).toEqual({ table: 'kpi_month_cubes', grain: 'mc' });
    expect(g(true, true, true, false)).toEqual({ table: 'kpi_month_cubes', grain: 'muc' });
    expect(g(true, true, true, true)).toEqual({ table: 'kpi_monthly', grain: null });
    expect(g(false, false, false, true)).toEqual({ table: 'kpi_cubes', grain: 'd' });
    expect(g(false, true, true, false)).toEqual({ table: 'kpi_daily', grain: null });
  });

  it('writes each delta once into every grain', () => {
    const agg = aggregateDeltas([
      { eventId: 1, day: '2026-11-02', unitId: 7, categoryId: 3, channel: 'web', counter: 'created' },
      { eventId: 2, day: '2026-11-03', unitId: 7, categoryId: 4, channel: 'web', counter: 'created' },
    ]);
    const byGrain = (g: string) => agg.cubes.filter((c) => c.grain === g);
    expect(byGrain('m')).toEqual([
      { grain: 'm', day: '2026-11-01', unitId: -1, categoryId: -1, channel: 'web', counters: { created: 2 } },
    ]);
    expect(byGrain('mu')).toHaveLength(1);
    expect(byGrain('muc')).toHaveLength(2);
    expect(byGrain('du')).toHaveLength(2);
    expect(byGrain('muc')[0]?.channel).toBe('*');
  });
});

describe('periods in Asia/Shanghai', () => {
  it('puts an instant on its Shanghai day, not its UTC day', () => {
    expect(periodOf('day', new Date('2026-10-31T16:30:00Z')).key).toBe('2026-11-01');
    expect(periodOf('month', new Date('2026-10-31T15:59:59Z')).key).toBe('2026-10');
  });

  it('knows ISO weeks, months and quarters', () => {
    expect(periodOf('week', '2026-11-23')).toEqual({
      kind: 'week',
      key: '2026-W48',
      from: '2026-11-23',
      to: '2026-11-30',
    });
    // 2027-01-01 is a Friday: it belongs to 2026-W53
    expect(periodOf('week', '2027-01-01').key).toBe('2026-W53');
    expect(periodOf('month', '2026-12-31')).toEqual({
      kind: 'month',
      key: '2026-12',
      from: '2026-12-01',
      to: '2027-01-01',
    });
    expect(periodOf('quarter', '2026-11-05')).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
      from: '2026-10-01',
      to: '2027-01-01',
    });
    expect(parsePeriod('month', '2024-02').to).toBe('2024-03-01');
    expect(previousPeriod(parsePeriodKey('2026-Q1')).key).toBe('2025-Q4');
    expect(periodLabel(parsePeriodKey('2026-Q4'))).toBe('2026年第四季度');
    expect(periodLabel(parsePeriodKey('2026-W48'))).toBe('2026年第48周');
  });

  it('rejects nonsense keys', () => {
    for (const k of ['2026-13', '2026-W54', '2026-Q5', '2026-02-30', 'soon']) {
      expect(() => parsePeriodKey(k), k).toThrow(RangeError);
    }
  });

  it('round-trips every period key and tiles ranges without gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 20 }),
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        (n, kind) => {
          const date = new Date(Date.UTC(2015, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const p = periodOf(kind as 'day', date);
          expect(parsePeriod(p.kind, p.key)).toEqual(p);
          expect(date >= p.from && date < p.to).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    const weeks = periodsCovering('week', '2026-01-01', '2027-01-01');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.from).toBe(weeks[i - 1]?.to);
    expect(isWholeMonths('2026-10-01', '2027-01-01')).toBe(true);
    expect(isWholeMonths('2026-10-01', '2026-10-31')).toBe(false);
  });
});

describe('rankings', () => {
  const c = (num: number, den: number) => {
    const x = zeroCounters();
    x.completedOnTime = num;
    x.completed = den;
    return x;
  };
  it('ranks by the KPI with shared ranks for ties and unranked tiny samples', () => {
    const r = rankUnits(
      [
        { id: 1, name: 'a', counters: c(9, 10) },
        { id: 2, name: 'b', counters: c(18, 20) },
        { id: 3, name: 'c', counters: c(10, 10) },
        { id: 4, name: 'd', counters: c(1, 1) },
        { id: 5, name: 'e', counters: c(0, 0) },
      ],
      'onTimeCompletionRate',
      5,
    );
    expect(r.map((e) => [e.id, e.rank])).toEqual([
      [3, 1],
      [2, 2],
      [1, 2],
      [4, null],
      [5, null],
    ]);
  });

  it('ranks lower-is-better KPIs ascending', () => {
    const x = (returned: number, dispatches: number) => ({ ...zeroCounters(), returned, dispatches });
    const r = rankUnits(
      [
        { id: 1, name: 'a', counters: x(3, 10) },
        { id: 2, name: 'b', counters: x(1, 10) },
      ],
      'returnRate',
    );
    expect(r.map((e) => e.id)).toEqual([2, 1]);
  });

  it('documents every KPI with a formula and counters that exist', () => {
    for (const d of KPI_DEFINITIONS) {
      expect(d.formula.length).toBeGreaterThan(3);
      expect(d.doc.length).toBeGreaterThan(20);
      expect(d.numerator.length + d.denominator.length).toBeGreaterThan(1);
    }
  });
});
