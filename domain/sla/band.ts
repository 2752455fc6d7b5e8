import { DEFAULT_HANDLE_WARN_PERCENT } from './policy.ts';

/** How close a deadline is, as the desks colour it and the "due soon" queue counts it. */
export type DeadlineBand = 'none' | 'ok' | 'warn' | 'overdue';

export interface DeadlineTimes {
  due: Date | null;
  /** The running clock's warning time (its policy's percentage of the limit, in working time). */
  warnAt?: Date | null;
  /** When the window opened; used only when there is no warning time. */
  start?: Date | null;
}

/**
 * Past the deadline (strictly, as the overdue queue counts): overdue. Past the clock's warning time: warn,
 * so a row turns amber exactly when the timebox sends its warning and the unit's "due soon" queue picks the
 * dispatch up. A deadline without a clock warning (a sign deadline, an old row) warns for the last quarter
 * of its wall-clock window, the default handle warning; without a start the window is taken as one day.
 */
export function deadlineBand({ due, warnAt, start }: DeadlineTimes, now: Date): DeadlineBand {
  if (!due) return 'none';
  const t = now.getTime();
  if (t > due.getTime()) return 'overdue';
  if (warnAt) return t >= warnAt.getTime() ? 'warn' : 'ok';
  const from = start ? start.getTime() : due.getTime() - 86_400_000;
  const window = Math.max(due.getTime() - from, 1);
  return due.getTime() - t <= (window * (100 - DEFAULT_HANDLE_WARN_PERCENT)) / 100 ? 'warn' : 'ok';
}
