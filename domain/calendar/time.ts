/*
 * Asia/Shanghai has been a fixed UTC+08:00 with no daylight saving time since 1991, so local wall time
 * is plain arithmetic on epoch milliseconds: no Intl, no tz database, every local day is exactly
 * 86 400 000 ms. That is what makes the calendar fast. We refuse years before 1992 rather than model
 * the 1986–1991 summer time.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MIN_YEAR = 1992;
export const MAX_YEAR = 2399;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Local day number: days since 1970-01-01 in Asia/Shanghai. */
export function dayOfMs(utcMs: number): number {
  return Math.floor((utcMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** UTC epoch ms of local midnight starting `day`. */
export function msOfDayStart(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

export function dayOfYearStart(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses 'YYYY-MM-DD' strictly (no 02-30) into a local day number. */
export function parseDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const day = ms / DAY_MS;
    if (formatDay(day) === date) return day;
  }
  throw new RangeError(`invalid local date "${date}", expected YYYY-MM-DD`);
}

/** 'HH:MM' to milliseconds after local midnight; '24:00' allowed (end of day). */
export function parseTimeOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if ((h < 24 && min < 60) || (h === 24 && min === 0)) return (h * 60 + min) * MINUTE_MS;
  }
  throw new RangeError(`invalid time of day "${time}", expected HH:MM (00:00–24:00)`);
}

export function formatTimeOfDay(ms: number): string {
  const total = Math.round(ms / MINUTE_MS);
  const h = Math.floor(total / 60);
  const min = total % 60;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

export function toMs(d: Date): number {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

/** The local date (Asia/Shanghai) of an instant, 'YYYY-MM-DD'. */
export function localDate(d: Date): string {
  return formatDay(dayOfMs(toMs(d)));
}

/** The instant of a local (Asia/Shanghai) wall-clock time; '24:00' is the next day's midnight. */
export function fromLocal(date: string, time = '00:00'): Date {
  return new Date(msOfDayStart(parseDay(date)) + parseTimeOfDay(time));
}

/** ISO 8601 with the +08:00 offset, e.g. 2026-10-10T17:30:00+08:00 (what people in Shanghai read). */
export function toShanghaiIso(d: Date): string {
  const local = new Date(toMs(d) + SHANGHAI_OFFSET_MS).toISOString();
  const ms = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${ms}+08:00`;
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An instant from ISO 8601; without an offset the wall time is read in Asia/Shanghai (so
 * "2026-09-30T10:00" means 10:00 in Shanghai, whatever the server's zone). null when malformed.
 */
export function parseInstant(text: string): Date | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const [, date, hm, sec = '', , zone] = m;
  if (zone) {
    const d = new Date(
      `${date}T${hm}${sec || ':00'}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
    );
    return Number.isNaN(d.getTime()) ? null : d;
  }
  try {
    const base = fromLocal(date ?? '', hm ?? '');
    const extra = sec ? Number(sec.slice(1)) * 1000 : 0;
    return new Date(base.getTime() + Math.round(extra));
  } catch {
    return null;
  }
}

/** A date as citizens read it in a message: 2026年11月26日 (Asia/Shanghai). */
export function chineseDate(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d);
}
