import type { Tables, WorkingCalendar } from './compile.ts';
import { DAY_KINDS, extendForward, tablesFor } from './compile.ts';
import {
  DAY_MS,
  dayOfMs,
  formatTimeOfDay,
  MINUTE_MS,
  msOfDayStart,
  parseDay,
  SHANGHAI_OFFSET_MS,
  toMs,
} from './time.ts';
import type { DayDescription, DayKind } from './types.ts';

/*
 * Working time is the union of half-open intervals [start, end): an instant exactly at an interval's
 * end is outside working time. W(t) = working ms from the start of the tables to t is continuous and
 * non-decreasing; every query below is W, its inverse, or a rank lookup.
 */

/** Working ms from the first tabled day to local ms-of-day `msOfDay` on relative day `rel`. */
function workedUntil(t: Tables, rel: number, msOfDay: number): number {
  let w = t.cum[rel];
  const end = t.ivBase[rel + 1];
  for (let k = t.ivBase[rel]; k < end; k++) {
    const s = t.ivStart[k];
    if (msOfDay <= s) break;
    const e = t.ivEnd[k];
    if (msOfDay < e) return w + (msOfDay - s);
    w += e - s;
  }
  return w;
}

function checkMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  return minutes * MINUTE_MS;
}

/**
 * The instant `minutes` working minutes after `start`. Counting starts at the next working instant
 * when `start` is outside working time. A result exactly at an interval end is returned as that end,
 * not the next interval's start. `minutes = 0` returns `nextWorkingTime(start)`: `start` itself when
 * it is working time, else the next interval start (a 0-minute clock starts when work can start).
 */
export function addWorkingTime(cal: WorkingCalendar, start: Date, minutes: number): Date {
  const dur = checkMinutes(minutes);
  if (dur === 0) return nextWorkingTime(cal, start);
  const ms = toMs(start);
  const day = dayOfMs(ms);
  for (;;) {
    const t = tablesFor(cal, day, day);
    const rel = day - t.firstDay;
    const target = workedUntil(t, rel, ms + SHANGHAI_OFFSET_MS - day * DAY_MS) + dur;
    const cum = t.cum;
    const n = t.dayCount;
    if (cum[n] < target) {
      extendForward(cal);
      continue;
    }
    // Smallest relative day D >= rel with cum[D+1] >= target. Gallop first: most deadlines are days,
    // not years, away, so this beats a plain binary search over the whole range.
    let lo = rel;
    let hi = rel;
    let step = 1;
    while (cum[hi + 1] < target) {
      lo = hi + 1;
      hi += step;
      step *= 2;
      if (hi >= n - 1) {
        hi = n - 1;
        break;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid + 1] >= target) hi = mid;
      else lo = mid + 1;
    }
    let rest = target - cum[lo];
    const end = t.ivBase[lo + 1];
    for (let k = t.ivBase[lo]; k < end; k++) {
      const s = t.ivStart[k];
      const len = t.ivEnd[k] - s;
      if (rest <= len) return new Date(msOfDayStart(t.firstDay + lo) + s + rest);
      rest -= len;
    }
    throw new Error('calendar tables inconsistent'); // unreachable: cum[lo+1] >= target
  }
}

/**
 * End of the last working interval of the n-th working day after the local day of `start` (that
 * day never counts, working or not). n = 0: end of `start`'s own day if it is a working day, else
 * of the next working day — "today, or the first working day after".
 */
export function endOfNthWorkingDay(cal: WorkingCalendar, start: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${n}`);
  const day = dayOfMs(toMs(start));
  for (;;) {
    const t = tablesFor(cal, day, day);
    const rel = day - t.firstDay;
    const idx = n === 0 ? t.rank[rel] : t.rank[rel + 1] + n - 1;
    if (idx >= t.workDays.length) {
      extendForward(cal);
      continue;
    }
    const d = t.workDays[idx];
    return new Date(msOfDayStart(t.firstDay + d) + t.ivEnd[t.ivBase[d + 1] - 1]);
  }
}

/**
 * Working minutes from a to b; negative when b < a. Exact for instants that are not whole minutes
 * (the result is then fractional).
 */
export function workingTimeBetween(cal: WorkingCalendar, a: Date, b: Date): number {
  const am = toMs(a);
  const bm = toMs(b);
  const ad = dayOfMs(am);
  const bd = dayOfMs(bm);
  const t = tablesFor(cal, Math.min(ad, bd), Math.max(ad, bd));
  const wa = workedUntil(t, ad - t.firstDay, am + SHANGHAI_OFFSET_MS - ad * DAY_MS);
  const wb = workedUntil(t, bd - t.firstDay, bm + SHANGHAI_OFFSET_MS - bd * DAY_MS);
  return (wb - wa) / MINUTE_MS;
}

/** `at` itself if it is working time, else the start of the next working interval. */
export function nextWorkingTime(cal: WorkingCalendar, at: Date): Date {
  const ms = toMs(at);
  const day = dayOfMs(ms);
  const msOfDay = ms + SHANGHAI_OFFSET_MS - day * DAY_MS;
  for (;;) {
    const t = tablesFor(cal, day, day);
    const rel = day - t.firstDay;
    const end = t.ivBase[rel + 1];
    for (let k = t.ivBase[rel]; k < end; k++) {
      if (msOfDay < t.ivEnd[k]) {
        const s = t.ivStart[k];
        return msOfDay >= s ? at : new Date(msOfDayStart(day) + s);
      }
    }
    const idx = t.rank[rel + 1];
    if (idx >= t.workDays.length) {
      extendForward(cal);
      continue;
    }
    const d = t.workDays[idx];
    return new Date(msOfDayStart(t.firstDay + d) + t.ivStart[t.ivBase[d]]);
  }
}

function dayTables(cal: WorkingCalendar, date: string): { t: Tables; rel: number } {
  const day = parseDay(date);
  const t = tablesFor(cal, day, day);
  return { t, rel: day - t.firstDay };
}

/** Whether the local day has any working time. */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  const { t, rel } = dayTables(cal, date);
  return t.ivBase[rel + 1] > t.ivBase[rel];
}

export function dayKind(cal: WorkingCalendar, date: string): DayKind {
  const { t, rel } = dayTables(cal, date);
  return DAY_KINDS[t.kind[rel]];
}

/** Everything known about one local day, for administration screens and explanations. */
export function describeDay(cal: WorkingCalendar, date: string): DayDescription {
  const { t, rel } = dayTables(cal, date);
  const intervals: { start: string; end: string }[] = [];
  const end = t.ivBase[rel + 1];
  for (let k = t.ivBase[rel]; k < end; k++) {
    intervals.push({ start: formatTimeOfDay(t.ivStart[k]), end: formatTimeOfDay(t.ivEnd[k]) });
  }
  const name = t.names.get(rel);
  return {
    date,
    kind: dayKind(cal, date),
    ...(name === undefined ? {} : { name }),
    intervals,
    workingMinutes: (t.cum[rel + 1] - t.cum[rel]) / MINUTE_MS,
  };
}
