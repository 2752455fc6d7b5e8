import { boolean, date, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DayOverrideKind, TimeInterval } from '../../domain/calendar/index.ts';
import { timestamps } from './columns.ts';

/**
 * A working-day calendar: weekly hours + the State Council arrangement (chinese-days) + this table's
 * day overrides. `version` is bumped on every change to the row or its days: compiled calendars are
 * cached per (id, version) in every process.
 */
export const calendars = pgTable('calendars', {
  id: serial().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  description: text(),
  /** Index 0 = Sunday … 6 = Saturday; an empty list is a day off. */
  weekly: jsonb().$type<TimeInterval[][]>().notNull(),
  /** Hours on a make-up workday (调休上班) that falls on a day off; null = Monday's hours. */
  workdayIntervals: jsonb().$type<TimeInterval[] | null>(),
  /** false for 24×7 units: statutory holidays and make-up days do not apply. */
  observeHolidays: boolean().notNull().default(true),
  active: boolean().notNull().default(true),
  version: integer().notNull().default(1),
  ...timestamps,
});

/**
 * Administrator-entered days of one calendar: later years' holidays and make-up workdays (the package
 * stops at 2026), corrections, and one-off closures. They win over chinese-days.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: serial().primaryKey(),
    calendarId: integer().notNull(),
    date: date({ mode: 'string' }).notNull(),
    kind: text().$type<DayOverrideKind>().notNull(),
    name: text(),
    ...timestamps,
  },
  (t) => [uniqueIndex('calendar_days_uq').on(t.calendarId, t.date), index('calendar_days_date_idx').on(t.date)],
);
