import { DAY_MS, fromLocal, localDate, MINUTE_MS, parseTimeOfDay, SHANGHAI_OFFSET_MS } from '../calendar/time.ts';

/** Local (Asia/Shanghai) wall-clock span during which no non-urgent SMS is sent, e.g. 21:00–08:00. */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

function localMsOfDay(at: Date): number {
  return (((at.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Whether `at` falls inside the quiet span (half-open [start, end); the span may wrap midnight). */
export function inQuietHours(at: Date, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const s = parseTimeOfDay(q.start);
  const e = parseTimeOfDay(q.end);
  if (s === e) return false;
  const t = localMsOfDay(at);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/**
 * When a message may go out: `now` unless it is quiet time and the message is not urgent, then the next
 * end of the quiet span (08:00 the same or the next local morning).
 */
export function releaseTime(now: Date, urgent: boolean, q: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (urgent || !inQuietHours(now, q)) return now;
  const today = localDate(now);
  const endToday = fromLocal(today, q.end);
  if (endToday.getTime() > now.getTime()) return endToday;
  return new Date(endToday.getTime() + DAY_MS);
}

/** Minutes until release, for logs and the console ("held until 08:00"). */
export function minutesHeld(now: Date, release: Date): number {
  return Math.max(0, Math.round((release.getTime() - now.getTime()) / MINUTE_MS));
}
