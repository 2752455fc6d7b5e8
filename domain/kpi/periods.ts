/*
 * Reporting periods in Asia/Shanghai (fixed UTC+08:00, no DST since 1991): a day, an ISO week (Monday
 * first), a month or a quarter. Every period is a half-open range of local days [fromDay, toDay), so
 * rollups keyed by local day add up to any period without double counting at the edges.
 */
import { DAY_MS, dayOfMs, formatDay, parseDay, SHANGHAI_OFFSET_MS } from '../calendar/time.ts';

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** '2026-11-23' | '2026-W48' | '2026-11' | '2026-Q4' */
  key: string;
  /** First local day, 'YYYY-MM-DD'. */
  from: string;
  /** Local day after the last one, 'YYYY-MM-DD' (exclusive). */
  to: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local day number (days since 1970-01-01 in Shanghai) of an instant. */
export function localDayOf(at: Date | number): number {
  return dayOfMs(typeof at === 'number' ? at : at.getTime());
}

/** 'YYYY-MM-DD' in Shanghai of an instant. */
export function localDateOf(at: Date | number): string {
  return formatDay(localDayOf(at));
}

/** The UTC instant of local midnight starting 'YYYY-MM-DD'. */
export function startOfLocalDate(date: string): Date {
  return new Date(parseDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const dayOfYmd = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;

/** ISO weekday 1 (Monday) … 7 (Sunday) of a local day number. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
}

function isoWeekOf(day: number): { year: number; week: number; monday: number } {
  const monday = day - (isoWeekday(day) - 1);
  const thursday = monday + 3; // the ISO year is the year of the week's Thursday
  const year = ymd(thursday).y;
  const jan4 = dayOfYmd(year, 1, 4);
  const week1Monday = jan4 - (isoWeekday(jan4) - 1);
  return { year, week: Math.floor((monday - week1Monday) / 7) + 1, monday };
}

function fromDays(kind: PeriodKind, key: string, from: number, to: number): Period {
  return { kind, key, from: formatDay(from), to: formatDay(to) };
}

/** The period of the given kind containing a local day ('YYYY-MM-DD') or an instant. */
export function periodOf(kind: PeriodKind, at: string | Date | number): Period {
  const day = typeof at === 'string' ? parseDay(at) : localDayOf(at);
  const { y, m } = ymd(day);
  switch (kind) {
    case 'day':
      return fromDays('day', formatDay(day), day, day + 1);
    case 'week': {
      const w = isoWeekOf(day);
      return fromDays('week', `${w.year}-W${pad(w.week)}`, w.monday, w.monday + 7);
    }
    case 'month':
      return fromDays('month', `${y}-${pad(m)}`, dayOfYmd(y, m, 1), dayOfYmd(m === 12 ? y + 1 : y, (m % 12) + 1, 1));
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      const start = dayOfYmd(y, (q - 1) * 3 + 1, 1);
      const end = q === 4 ? dayOfYmd(y + 1, 1, 1) : dayOfYmd(y, q * 3 + 1, 1);
      return fromDays('quarter', `${y}-Q${q}`, start, end);
    }
  }
}

const KEY_RE = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
} as const;

/** Parses a period key of a known kind; throws RangeError on nonsense (2026-13, 2026-W54 …). */
export function parsePeriod(kind: PeriodKind, key: string): Period {
  const m = KEY_RE[kind].exec(key);
  if (!m) throw new RangeError(`invalid ${kind} period "${key}"`);
  const y = Number(m[1]);
  if (y < 1992 || y > 2399) throw new RangeError(`year out of range in "${key}"`);
  let p: Period;
  switch (kind) {
    case 'day':
      p = periodOf('day', key);
      break;
    case 'week': {
      const jan4 = dayOfYmd(y, 1, 4);
      const monday = jan4 - (isoWeekday(jan4) - 1) + (Number(m[2]) - 1) * 7;
      p = periodOf('week', formatDay(monday));
      break;
    }
    case 'month': {
      const mo = Number(m[2]);
      if (mo < 1 || mo > 12) throw new RangeError(`invalid month "${key}"`);
      p = periodOf('month', formatDay(dayOfYmd(y, mo, 1)));
      break;
    }
    case 'quarter':
      p = periodOf('quarter', formatDay(dayOfYmd(y, (Number(m[2]) - 1) * 3 + 1, 1)));
      break;
  }
  if (p.key !== key) throw new RangeError(`invalid ${kind} period "${key}"`);
  return p;
}

/** Guesses the kind from the key's shape: '2026-11' is a month, '2026-Q4' a quarter… */
export function parsePeriodKey(key: string): Period {
  for (const kind of PERIOD_KINDS) if (KEY_RE[kind].test(key)) return parsePeriod(kind, key);
  throw new RangeError(`invalid period "${key}", expected 2026-11-23, 2026-W48, 2026-11 or 2026-Q4`);
}

export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, formatDay(parseDay(p.from) - 1));
}

export function nextPeriod(p: Period): Period {
  return periodOf(p.kind, p.to);
}

/** Consecutive periods of one kind covering [from, to) local days. */
export function periodsCovering(kind: PeriodKind, from: string, to: string): Period[] {
  const out: Period[] = [];
  const end = parseDay(to);
  let p = periodOf(kind, from);
  while (parseDay(p.from) < end) {
    out.push(p);
    p = nextPeriod(p);
  }
  return out;
}

/** The instant the period ends (local midnight after its last day). */
export function periodEnd(p: Period): Date {
  return startOfLocalDate(p.to);
}

export function periodStart(p: Period): Date {
  return startOfLocalDate(p.from);
}

export function containsDay(p: Period, date: string): boolean {
  return date >= p.from && date < p.to;
}

/** Number of local days in a period. */
export function periodDays(p: Period): number {
  return parseDay(p.to) - parseDay(p.from);
}

/** Chinese label for reports: 2026年11月23日, 2026年第48周, 2026年11月, 2026年第四季度. */
export function periodLabel(p: Period): string {
  const [y, rest] = [p.key.slice(0, 4), p.key.slice(5)];
  switch (p.kind) {
    case 'day':
      return `${y}年${Number(rest.slice(0, 2))}月${Number(rest.slice(3))}日`;
    case 'week':
      return `${y}年第${Number(rest.slice(1))}周`;
    case 'month':
      return `${y}年${Number(rest)}月`;
    case 'quarter':
      return `${y}年第${['一', '二', '三', '四'][Number(rest.slice(1)) - 1]}季度`;
  }
}

/** Is a date range made of whole months? Then the monthly rollup can answer it. */
export function isWholeMonths(from: string, to: string): boolean {
  return from.endsWith('-01') && to.endsWith('-01') && from < to;
}

/** 'YYYY-MM' of a local date. */
export const monthOf = (date: string) => date.slice(0, 7);
