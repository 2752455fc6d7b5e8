import type { WorkingCalendar } from '../calendar/index.ts';
import { addWorkingTime, endOfNthWorkingDay } from '../calendar/index.ts';
import type { ClockLimit } from './types.ts';

/** The shape callers pass (contracts.md): one of workingDays, hours or minutes; hours/minutes are working time unless elapsed. */
export interface LimitInput {
  workingDays?: number;
  hours?: number;
  minutes?: number;
  /** Count hours/minutes as elapsed wall-clock time (round the clock) instead of working time. */
  elapsed?: boolean;
}

export function limitFromInput(input: LimitInput): ClockLimit {
  const given = [input.workingDays, input.hours, input.minutes].filter((v) => v !== undefined);
  if (given.length !== 1) throw new RangeError('limit needs exactly one of workingDays, hours, minutes');
  if (input.workingDays !== undefined) {
    if (!Number.isInteger(input.workingDays) || input.workingDays < 0) {
      throw new RangeError('workingDays must be an integer >= 0');
    }
    return { value: input.workingDays, unit: 'working_days' };
  }
  const value = input.hours ?? input.minutes ?? 0;
  if (!Number.isFinite(value) || value < 0) throw new RangeError('hours/minutes must be a finite number >= 0');
  if (input.hours !== undefined) return { value, unit: input.elapsed ? 'hours' : 'working_hours' };
  return { value, unit: input.elapsed ? 'minutes' : 'working_minutes' };
}

/** Elapsed limits are counted on a round-the-clock calendar, whatever the unit's calendar. */
export function isElapsed(limit: ClockLimit): boolean {
  return limit.unit === 'hours' || limit.unit === 'minutes';
}

/** Minutes of the limit when it is a duration; undefined for working days. */
export function limitMinutes(limit: ClockLimit): number | undefined {
  switch (limit.unit) {
    case 'working_days':
      return undefined;
    case 'working_hours':
    case 'hours':
      return limit.value * 60;
    default:
      return limit.value;
  }
}

/**
 * The deadline of a limit counted from `start` on `cal` (a round-the-clock calendar for elapsed
 * limits). working_days: end of the N-th working day after start's own day.
 */
export function deadlineOf(cal: WorkingCalendar, start: Date, limit: ClockLimit): Date {
  const minutes = limitMinutes(limit);
  if (minutes === undefined) return endOfNthWorkingDay(cal, start, limit.value);
  if (isElapsed(limit)) return new Date(start.getTime() + minutes * 60_000);
  return addWorkingTime(cal, start, minutes);
}

export function describeLimit(limit: ClockLimit): string {
  const unit = {
    working_days: '个工作日',
    working_hours: '个工作小时',
    working_minutes: '个工作分钟',
    hours: '小时',
    minutes: '分钟',
  }[limit.unit];
  return `${limit.value}${unit}`;
}
