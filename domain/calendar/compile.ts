import { packageYear } from './holidays.ts';
import { dayOfYearStart, MAX_YEAR, MIN_YEAR, parseDay, parseTimeOfDay, weekdayOf, yearOfDay } from './time.ts';
import type { CalendarSpec, DayKind, DayOverrideKind, TimeInterval } from './types.ts';

export const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup_workday', 'closure'];
const KIND_CODE: Readonly<Record<DayKind, number>> = {
  workday: 0,
  weekend: 1,
  holiday: 2,
  makeup_workday: 3,
  closure: 4,
};

/** Intervals of one day as a flat [start0, end0, start1, end1, …] in ms after local midnight. */
type Pattern = readonly number[];
const OFF: Pattern = [];

interface NormalizedSpec {
  readonly weekly: readonly Pattern[];
  readonly makeup: Pattern;
  readonly overrides: ReadonlyMap<number, { readonly kind: DayOverrideKind; readonly name?: string }>;
  readonly observeHolidays: boolean;
  /** Years an administrator has entered at least one holiday for. */
  readonly overrideHolidayYears: ReadonlySet<number>;
}

/**
 * Precomputed index over [firstDay, firstDay + dayCount). Day numbers below are relative to firstDay.
 * Typed arrays keep the hot path free of allocation and hidden-class changes.
 */
export interface Tables {
  readonly fromYear: number;
  readonly toYear: number;
  readonly firstDay: number;
  readonly dayCount: number;
  readonly kind: Uint8Array;
  /** Day i's intervals are ivStart/ivEnd[ivBase[i] .. ivBase[i+1]). */
  readonly ivBase: Int32Array;
  readonly ivStart: Int32Array;
  readonly ivEnd: Int32Array;
  /** Working ms before day i (length dayCount + 1); float64 is exact far beyond 400 years of ms. */
  readonly cum: Float64Array;
  /** Working days before day i (length dayCount + 1). */
  readonly rank: Int32Array;
  /** Relative numbers of the working days, ascending: rank[i] indexes into it. */
  readonly workDays: Int32Array;
  readonly names: ReadonlyMap<number, string>;
}

export interface WorkingCalendar {
  readonly id: string | undefined;
  readonly observeHolidays: boolean;
  /** Internal. */
  readonly spec: NormalizedSpec;
  /**
   * Internal. Replaced (never edited) when a query falls outside the precomputed years: a memo, so the
   * calendar stays observably pure.
   */
  tables: Tables;
}

function compilePattern(intervals: readonly TimeInterval[], label: string): Pattern {
  const parsed = intervals.map((iv) => {
    const s = parseTimeOfDay(iv.start);
    const e = parseTimeOfDay(iv.end);
    if (!(s < e)) throw new RangeError(`${label}: interval ${iv.start}–${iv.end} is empty or reversed`);
    return [s, e] as const;
  });
  parsed.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  let prevEnd = 0;
  for (const [s, e] of parsed) {
    if (s < prevEnd) throw new RangeError(`${label}: intervals overlap`);
    flat.push(s, e);
    prevEnd = e;
  }
  return flat;
}

function checkYear(year: number, label: string): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`${label} ${year} outside supported years ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

function normalize(spec: CalendarSpec): NormalizedSpec {
  if (spec.weekly.length !== 7) throw new RangeError('weekly must list 7 days, index 0 = Sunday');
  const weekly = spec.weekly.map((ivs, wd) => compilePattern(ivs, `weekly[${wd}]`));
  const makeup = spec.workdayIntervals ? compilePattern(spec.workdayIntervals, 'workdayIntervals') : weekly[1];
  const overrides = new Map<number, { kind: DayOverrideKind; name?: string }>();
  const overrideHolidayYears = new Set<number>();
  for (const o of spec.overrides ?? []) {
    if (o.kind !== 'holiday' && o.kind !== 'workday' && o.kind !== 'closure') {
      throw new RangeError(`override ${o.date}: unknown kind "${String(o.kind)}"`);
    }
    const day = parseDay(o.date);
    overrides.set(day, o.name === undefined ? { kind: o.kind } : { kind: o.kind, name: o.name });
    if (o.kind === 'holiday') overrideHolidayYears.add(yearOfDay(day));
  }
  return { weekly, makeup, overrides, observeHolidays: spec.observeHolidays ?? true, overrideHolidayYears };
}

function classify(spec: NormalizedSpec, day: number, year: number): { kind: DayKind; pattern: Pattern; name?: string } {
  const override = spec.overrides.get(day);
  const weekly = spec.weekly[weekdayOf(day)];
  if (override?.kind === 'closure') return { kind: 'closure', pattern: OFF, name: override.name };
  if (spec.observeHolidays) {
    const entry = override ?? packageYear(year).days.get(day);
    if (entry?.kind === 'holiday') return { kind: 'holiday', pattern: OFF, name: entry.name };
    if (entry?.kind === 'workday') {
      // A 'workday' on a day the unit works anyway (e.g. undoing a wrong holiday) keeps its own hours.
      return weekly.length > 0
        ? { kind: 'workday', pattern: weekly, name: entry.name }
        : { kind: 'makeup_workday', pattern: spec.makeup, name: entry.name };
    }
  }
  return weekly.length > 0 ? { kind: 'workday', pattern: weekly } : { kind: 'weekend', pattern: OFF };
}

function buildTables(spec: NormalizedSpec, fromYear: number, toYear: number): Tables {
  const firstDay = dayOfYearStart(fromYear);
  const dayCount = dayOfYearStart(toYear + 1) - firstDay;
  const kind = new Uint8Array(dayCount);
  const ivBase = new Int32Array(dayCount + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  const cum = new Float64Array(dayCount + 1);
  const rank = new Int32Array(dayCount + 1);
  const workDays: number[] = [];
  const names = new Map<number, string>();
  let year = fromYear;
  let nextYearDay = dayOfYearStart(year + 1);
  for (let i = 0; i < dayCount; i++) {
    const day = firstDay + i;
    if (day >= nextYearDay) {
      year++;
      nextYearDay = dayOfYearStart(year + 1);
    }
    const c = classify(spec, day, year);
    kind[i] = KIND_CODE[c.kind];
    if (c.name !== undefined) names.set(i, c.name);
    let worked = 0;
    for (let k = 0; k < c.pattern.length; k += 2) {
      const s = c.pattern[k];
      const e = c.pattern[k + 1];
      starts.push(s);
      ends.push(e);
      worked += e - s;
    }
    ivBase[i + 1] = starts.length;
    cum[i + 1] = cum[i] + worked;
    if (worked > 0) workDays.push(i);
    rank[i + 1] = workDays.length;
  }
  return {
    fromYear,
    toYear,
    firstDay,
    dayCount,
    kind,
    ivBase,
    ivStart: Int32Array.from(starts),
    ivEnd: Int32Array.from(ends),
    cum,
    rank,
    workDays: Int32Array.from(workDays),
    names,
  };
}

/**
 * Compiles plain data into a calendar. Reads chinese-days (in-memory data) for the years it
 * precomputes; everything else is arithmetic on the result.
 */
export function buildCalendar(spec: CalendarSpec): WorkingCalendar {
  const normalized = normalize(spec);
  const from = spec.years?.from ?? 2020;
  const to = spec.years?.to ?? 2035;
  checkYear(from, 'years.from');
  checkYear(to, 'years.to');
  if (to < from) throw new RangeError('years.to before years.from');
  return {
    id: spec.id,
    observeHolidays: normalized.observeHolidays,
    spec: normalized,
    tables: buildTables(normalized, from, to),
  };
}

/** Tables covering local days [fromDay, toDay], widening (and caching) if needed. */
export function tablesFor(cal: WorkingCalendar, fromDay: number, toDay: number): Tables {
  const t = cal.tables;
  if (fromDay >= t.firstDay && toDay < t.firstDay + t.dayCount) return t;
  const lo = Math.min(t.fromYear, yearOfDay(fromDay));
  const hi = Math.max(t.toYear, yearOfDay(toDay));
  checkYear(lo, 'date in year');
  checkYear(hi, 'date in year');
  cal.tables = buildTables(cal.spec, lo, hi);
  return cal.tables;
}

/**
 * Widens forwards when a search ran off the end (deadline beyond the last precomputed year). Doubling
 * keeps a long search logarithmic in rebuilds; past MAX_YEAR the calendar has too little working time
 * for the request and we throw rather than answer wrongly.
 */
export function extendForward(cal: WorkingCalendar): Tables {
  const t = cal.tables;
  if (t.toYear >= MAX_YEAR) {
    throw new RangeError(`no answer before ${MAX_YEAR + 1}: calendar has too little working time`);
  }
  const span = t.toYear - t.fromYear + 1;
  cal.tables = buildTables(cal.spec, t.fromYear, Math.min(MAX_YEAR, t.toYear + Math.max(span, 4)));
  return cal.tables;
}

/** Whether holiday data exists for a year: from chinese-days, or at least one 'holiday' override. */
export function hasHolidayData(cal: WorkingCalendar, year: number): boolean {
  if (!cal.observeHolidays) return true;
  checkYear(year, 'year');
  return packageYear(year).covered || cal.spec.overrideHolidayYears.has(year);
}
