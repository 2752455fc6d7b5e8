import chineseDays from 'chinese-days';
import { parseDay, weekdayOf } from './time.ts';

// chinese-days has no `exports` map: named ESM imports crash under Node, the default import works.
const { getDayDetail, getHolidaysInRange, getWorkdaysInRange } = chineseDays;

export interface PackageDay {
  readonly kind: 'holiday' | 'workday';
  readonly name: string;
}

export interface PackageYear {
  /** Whether chinese-days publishes this year's arrangement at all. */
  readonly covered: boolean;
  /** Keyed by local day number; only days that differ from a plain Mon–Fri week. */
  readonly days: ReadonlyMap<number, PackageDay>;
}

// The package data is immutable, and scanning a year costs a few ms of dayjs work, so a process-wide
// memo keeps repeated buildCalendar calls (one per unit calendar, many in tests) cheap.
const years = new Map<number, PackageYear>();

/** Package names look like "National Day,国庆节,3"; keep the Chinese name. */
function holidayName(date: string): string {
  const parts = getDayDetail(date).name.split(',');
  return parts[1] ?? parts[0] ?? '';
}

export function packageYear(year: number): PackageYear {
  const cached = years.get(year);
  if (cached) return cached;
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const days = new Map<number, PackageDay>();
  // 元旦 (1 January) is a statutory holiday every year, so a year the package lists without it is a
  // year it has no data for; this one-day probe skips the full-year scan for those.
  const covered = getHolidaysInRange(first, first, false).length > 0;
  if (covered) {
    // Strings, not Dates: the package reads Dates in the process time zone.
    for (const date of getHolidaysInRange(first, last, false)) {
      if (!getDayDetail(date).work) days.set(parseDay(date), { kind: 'holiday', name: holidayName(date) });
    }
    // includeWeekends=true keeps the make-up weekend workdays; a weekend workday can only be one.
    for (const date of getWorkdaysInRange(first, last, true)) {
      const day = parseDay(date);
      const wd = weekdayOf(day);
      if (wd === 0 || wd === 6) days.set(day, { kind: 'workday', name: holidayName(date) });
    }
  }
  const result: PackageYear = { covered, days };
  years.set(year, result);
  return result;
}

export function packageDay(day: number, year: number): PackageDay | undefined {
  return packageYear(year).days.get(day);
}
