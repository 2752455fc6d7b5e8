import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarSpec, DayKind, DayOverride, TimeInterval, WorkingCalendar } from '../domain/calendar/index.ts';
import {
  addWorkingTime,
  buildCalendar,
  DEFAULT_CALENDAR_SPEC,
  dayKind,
  endOfNthWorkingDay,
  isWorkingDay,
  localDate,
  nextWorkingTime,
  ROUND_THE_CLOCK_CALENDAR_SPEC,
  workingTimeBetween,
} from '../domain/calendar/index.ts';

/*
 * Reference model: walks wall-clock minutes one by one and asks chinese-days about each date
 * separately (isWorkday / getHolidaysInRange on single days), sharing no code with domain/calendar.
 */
const { getHolidaysInRange, isWorkday } = chineseDays;
const MIN = 60_000;
const OFFSET_MIN = 8 * 60; // Asia/Shanghai, checked against Intl below

interface RefDay {
  kind: DayKind;
  ivs: [number, number][]; // minutes after local midnight
}

const toMin = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toIvs = (ivs: readonly TimeInterval[]): [number, number][] =>
  ivs.map((iv): [number, number] => [toMin(iv.start), toMin(iv.end)]);

class Reference {
  private readonly days = new Map<number, RefDay>();
  constructor(private readonly spec: CalendarSpec) {}

  /** Local day number (days since 1970-01-01 in Shanghai) of an epoch minute. */
  static dayOf(minute: number): number {
    return Math.floor((minute + OFFSET_MIN) / 1440);
  }

  day(day: number): RefDay {
    let info = this.days.get(day);
    if (!info) {
      info = this.classify(day);
      this.days.set(day, info);
    }
    return info;
  }

  private classify(day: number): RefDay {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const own = toIvs(this.spec.weekly[weekday] ?? []);
    let override: DayOverride | undefined;
    for (const o of this.spec.overrides ?? []) if (o.date === date) override = o;
    if (override?.kind === 'closure') return { kind: 'closure', ivs: [] };
    if (this.spec.observeHolidays !== false) {
      const weekend = weekday === 0 || weekday === 6;
      let entry: 'holiday' | 'workday' | undefined = override?.kind;
      if (entry === undefined) {
        if (weekend && isWorkday(date)) entry = 'workday';
        else if (!weekend && !isWorkday(date)) entry = 'holiday';
        else if (weekend && getHolidaysInRange(date, date, false).length > 0) entry = 'holiday';
      }
      if (entry === 'holiday') return { kind: 'holiday', ivs: [] };
      if (entry === 'workday') {
        if (own.length > 0) return { kind: 'workday', ivs: own };
        return { kind: 'makeup_workday', ivs: toIvs(this.spec.workdayIntervals ?? this.spec.weekly[1] ?? []) };
      }
    }
    return own.length > 0 ? { kind: 'workday', ivs: own } : { kind: 'weekend', ivs: [] };
  }

  working(minute: number): boolean {
    const day = Reference.dayOf(minute);
    const m = minute + OFFSET_MIN - day * 1440;
    return this.day(day).ivs.some(([s, e]) => s <= m && m < e);
  }

  next(minute: number): number {
    let t = minute;
    while (!this.working(t)) t++;
    return t;
  }

  add(minute: number, minutes: number): number {
    if (minutes === 0) return this.next(minute);
    let t = minute;
    let left = minutes;
    for (;;) {
      if (this.working(t)) {
        left--;
        if (left === 0) return t + 1;
      }
      t++;
    }
  }

  between(a: number, b: number): number {
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let n = 0;
    for (let t = lo; t < hi; t++) if (this.working(t)) n++;
    return n === 0 ? 0 : sign * n; // not -0
  }

  endOfNth(minute: number, n: number): number {
    let day = Reference.dayOf(minute);
    const works = (d: number): boolean => this.day(d).ivs.length > 0;
    if (n === 0) {
      while (!works(day)) day++;
    } else {
      for (let c = 0; c < n; ) {
        day++;
        if (works(day)) c++;
      }
    }
    const ends = this.day(day).ivs.map(([, e]) => e);
    return day * 1440 - OFFSET_MIN + Math.max(...ends);
  }
}

const minuteOf = (d: Date): number => d.getTime() / MIN;
const dateOf = (minute: number): Date => new Date(minute * MIN);
const FIRST_DAY = Date.UTC(2024, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2026, 11, 31) / 86_400_000;

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Up to three disjoint intervals in a day, possibly touching, possibly 00:00–24:00. */
const dayIntervals = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const ivs: TimeInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    ivs.push({ start: hhmm(sorted[i] ?? 0), end: hhmm(sorted[i + 1] ?? 0) });
  }
  return ivs;
});

const dateIn2024to2026 = fc
  .integer({ min: FIRST_DAY, max: LAST_DAY })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const randomSpec: fc.Arbitrary<CalendarSpec> = fc
  .record({
    weekly: fc.array(fc.oneof(dayIntervals, fc.constant<TimeInterval[]>([])), { minLength: 7, maxLength: 7 }),
    workdayIntervals: fc.option(dayIntervals, { nil: undefined }),
    overrides: fc.array(
      fc.record({
        date: dateIn2024to2026,
        kind: fc.constantFrom('holiday' as const, 'workday' as const, 'closure' as const),
      }),
      { maxLength: 12 },
    ),
    observeHolidays: fc.boolean(),
    // Narrow precomputed ranges make queries cross the table edges and exercise lazy widening.
    from: fc.integer({ min: 2024, max: 2026 }),
  })
  .filter((s) => s.weekly.some((ivs) => ivs.length > 0))
  .map(({ from, ...s }) => ({ ...s, years: { from, to: from } }));

/** Weekly working minutes: scales durations so the reference walk stays a few weeks long. */
const weeklyMinutes = (spec: CalendarSpec): number =>
  spec.weekly.flat().reduce((sum, iv) => sum + toMin(iv.end) - toMin(iv.start), 0);

/** A start minute in 2024–2026: uniform, or on/next to an interval boundary of the schedule. */
const startMinute = (spec: CalendarSpec): fc.Arbitrary<number> => {
  const edges = [0, 1439];
  for (const iv of [...spec.weekly.flat(), ...(spec.workdayIntervals ?? [])]) {
    for (const m of [toMin(iv.start), toMin(iv.end)]) edges.push(m - 1, m, m + 1);
  }
  const valid = edges.filter((m) => m >= 0 && m < 1440);
  return fc
    .tuple(
      fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
      fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(...valid)),
    )
    .map(([day, m]) => day * 1440 - OFFSET_MIN + m);
};

interface Case {
  spec: CalendarSpec;
  cal: WorkingCalendar;
  ref: Reference;
  [fc.toStringMethod]: () => string;
}

/** Counterexamples print the spec only, not the compiled tables. */
const makeCase = (spec: CalendarSpec): Case => ({
  spec,
  cal: buildCalendar(spec),
  ref: new Reference(spec),
  [fc.toStringMethod]: () => `spec ${JSON.stringify(spec)}`,
});
const defaultCase = makeCase(DEFAULT_CALENDAR_SPEC);
const allDayCase = makeCase(ROUND_THE_CLOCK_CALENDAR_SPEC);

const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(defaultCase) },
  { weight: 1, arbitrary: fc.constant(allDayCase) },
  {
    weight: 4,
    arbitrary: randomSpec.map(makeCase),
  },
);

const RUNS = { numRuns: 400 };

describe('calendar against the minute-by-minute reference', () => {
  it('addWorkingTime', () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) =>
          fc.tuple(
            fc.constant(c),
            startMinute(c.spec),
            fc.oneof(
              fc.constant(0),
              fc.integer({ min: 1, max: 90 }),
              fc.integer({ min: 1, max: 3 * weeklyMinutes(c.spec) }),
            ),
          ),
        ),
        ([c, start, minutes]) => {
          expect(minuteOf(addWorkingTime(c.cal, dateOf(start), minutes))).toBe(c.ref.add(start, minutes));
        },
      ),
      RUNS,
    );
  });

  it('nextWorkingTime', () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) => fc.tuple(fc.constant(c), startMinute(c.spec))),
        ([c, start]) => {
          expect(minuteOf(nextWorkingTime(c.cal, dateOf(start)))).toBe(c.ref.next(start));
        },
      ),
      RUNS,
    );
  });

  it('endOfNthWorkingDay', () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) => fc.tuple(fc.constant(c), startMinute(c.spec), fc.integer({ min: 0, max: 25 }))),
        ([c, start, n]) => {
          expect(minuteOf(endOfNthWorkingDay(c.cal, dateOf(start), n))).toBe(c.ref.endOfNth(start, n));
        },
      ),
      RUNS,
    );
  });

  it('workingTimeBetween', () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) =>
          fc.tuple(fc.constant(c), startMinute(c.spec), fc.integer({ min: -30 * 1440, max: 30 * 1440 })),
        ),
        ([c, a, delta]) => {
          expect(workingTimeBetween(c.cal, dateOf(a), dateOf(a + delta))).toBe(c.ref.between(a, a + delta));
        },
      ),
      RUNS,
    );
  });

  it('isWorkingDay and dayKind', () => {
    fc.assert(
      fc.property(anyCase, dateIn2024to2026, (c, date) => {
        const ref = c.ref.day(
          Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8))) / 86_400_000,
        );
        expect(dayKind(c.cal, date)).toBe(ref.kind);
        expect(isWorkingDay(c.cal, date)).toBe(ref.ivs.length > 0);
      }),
      RUNS,
    );
  });
});

describe('algebraic properties (cheap, more runs)', () => {
  it('workingTimeBetween inverts addWorkingTime from the next working instant', () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) => fc.tuple(fc.constant(c), startMinute(c.spec), fc.integer({ min: 1, max: 420 * 40 }))),
        ([c, start, minutes]) => {
          const s = dateOf(start);
          const due = addWorkingTime(c.cal, s, minutes);
          expect(workingTimeBetween(c.cal, nextWorkingTime(c.cal, s), due)).toBe(minutes);
          expect(workingTimeBetween(c.cal, s, due)).toBe(minutes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the fixed UTC+08:00 offset matches the tz database for 1992–2040', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        expect(localDate(new Date(ms))).toBe(fmt.format(new Date(ms)));
      }),
      { numRuns: 2000 },
    );
  });
});
