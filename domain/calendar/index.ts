export type { WorkingCalendar } from './compile.ts';
export { buildCalendar, hasHolidayData } from './compile.ts';
export { DEFAULT_CALENDAR_SPEC, ROUND_THE_CLOCK_CALENDAR_SPEC } from './defaults.ts';
export {
  addWorkingTime,
  dayKind,
  describeDay,
  endOfNthWorkingDay,
  isWorkingDay,
  nextWorkingTime,
  workingTimeBetween,
} from './query.ts';
export { fromLocal, localDate, parseInstant, toShanghaiIso } from './time.ts';
export type { CalendarSpec, DayDescription, DayKind, DayOverride, DayOverrideKind, TimeInterval } from './types.ts';
