import type { CalendarSpec, TimeInterval } from './types.ts';

const OFFICE_HOURS: readonly TimeInterval[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** The demo calendar 'default': office hours Mon–Fri and on make-up workdays, statutory holidays off. */
export const DEFAULT_CALENDAR_SPEC: CalendarSpec = {
  id: 'default',
  weekly: [[], OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, []],
  workdayIntervals: OFFICE_HOURS,
  overrides: [],
  observeHolidays: true,
  years: { from: 2020, to: 2035 },
};

const WHOLE_DAY: readonly TimeInterval[] = [{ start: '00:00', end: '24:00' }];

/** Round the clock, holidays included: emergency units. */
export const ROUND_THE_CLOCK_CALENDAR_SPEC: CalendarSpec = {
  id: '24x7',
  weekly: [WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY],
  overrides: [],
  observeHolidays: false,
  years: { from: 2020, to: 2035 },
};
