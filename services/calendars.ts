import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { calendarDays, calendars } from '../db/schema/index.ts';
import {
  buildCalendar,
  type CalendarSpec,
  DEFAULT_CALENDAR_SPEC,
  ROUND_THE_CLOCK_CALENDAR_SPEC,
  type WorkingCalendar,
} from '../domain/calendar/index.ts';
import { notFound } from './errors.ts';

/** A compiled calendar and where it came from. id null = built in (no database row). */
export interface CalendarRef {
  id: number | null;
  code: string;
  version: number;
  calendar: WorkingCalendar;
}

export const DEFAULT_CALENDAR_CODE = 'default';

let builtinDefault: CalendarRef | undefined;
let builtinRoundTheClock: CalendarRef | undefined;

/** Office hours, statutory holidays off: used when the database has no 'default' calendar row. */
export function builtinDefaultCalendar(): CalendarRef {
  builtinDefault ??= { id: null, code: 'default', version: 0, calendar: buildCalendar(DEFAULT_CALENDAR_SPEC) };
  return builtinDefault;
}

/** Elapsed-time limits ("urgent: 24 hours") count on this, whatever the unit's calendar. */
export function roundTheClockCalendar(): CalendarRef {
  builtinRoundTheClock ??= {
    id: null,
    code: '24x7',
    version: 0,
    calendar: buildCalendar(ROUND_THE_CLOCK_CALENDAR_SPEC),
  };
  return builtinRoundTheClock;
}

/*
 * Compiling a calendar costs a few ms (a table of 16 years of days); deadlines are computed on every
 * dispatch. Each process caches compiled calendars by (id, version): every change to a calendar or its
 * days bumps the row's version in the same transaction, so the one-row version check below sees any
 * change made by any process, and a stale calendar is never used.
 */
const cache = new Map<number, CalendarRef>();

export type CalendarRow = typeof calendars.$inferSelect;
export type CalendarDayRow = typeof calendarDays.$inferSelect;

export function specOf(
  row: CalendarRow,
  days: readonly Pick<CalendarDayRow, 'date' | 'kind' | 'name'>[],
): CalendarSpec {
  return {
    id: row.code,
    weekly: row.weekly,
    workdayIntervals: row.workdayIntervals ?? undefined,
    overrides: [...days]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => (d.name ? { date: d.date, kind: d.kind, name: d.name } : { date: d.date, kind: d.kind })),
    observeHolidays: row.observeHolidays,
  };
}

async function compile(db: Executor, id: number): Promise<CalendarRef> {
  const [row] = await db.select().from(calendars).where(eq(calendars.id, id));
  if (!row) throw notFound('工作日历');
  const days = await db
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(eq(calendarDays.calendarId, id))
    .orderBy(asc(calendarDays.date));
  const ref: CalendarRef = {
    id: row.id,
    code: row.code,
    version: row.version,
    calendar: buildCalendar(specOf(row, days)),
  };
  cache.set(id, ref);
  return ref;
}

async function cached(db: Executor, id: number, version: number): Promise<CalendarRef> {
  const hit = cache.get(id);
  if (hit && hit.version === version) return hit;
  return compile(db, id);
}

/** A calendar by numeric id or code; 404 when missing. */
export async function loadCalendar(db: Executor, idOrCode: number | string): Promise<CalendarRef> {
  const byId = typeof idOrCode === 'number' || /^\d+$/.test(idOrCode);
  const [row] = await db
    .select({ id: calendars.id, version: calendars.version })
    .from(calendars)
    .where(byId ? eq(calendars.id, Number(idOrCode)) : eq(calendars.code, String(idOrCode)));
  if (!row) {
    if (idOrCode === DEFAULT_CALENDAR_CODE) return builtinDefaultCalendar();
    throw notFound('工作日历');
  }
  return cached(db, row.id, row.version);
}

/** The calendar a unit's clocks count on: its own, else 'default' (row, else built in). */
export async function calendarForUnit(db: Executor, unitId: number | null | undefined): Promise<CalendarRef> {
  const rows = await queryRows<{ id: number; version: number }>(
    db,
    sql`
    select c.id, c.version from calendars c
    where c.id = coalesce(
      (select u.calendar_id from units u where u.id = ${unitId ?? null}::int),
      (select d.id from calendars d where d.code = ${DEFAULT_CALENDAR_CODE}))`,
  );
  const row = rows[0];
  if (!row) return builtinDefaultCalendar();
  return cached(db, Number(row.id), Number(row.version));
}

/** The calendar of a clock row (calendarId null = built-in default). */
export async function calendarById(db: Executor, id: number | null): Promise<CalendarRef> {
  if (id === null) return builtinDefaultCalendar();
  const [row] = await db
    .select({ id: calendars.id, version: calendars.version })
    .from(calendars)
    .where(eq(calendars.id, id));
  // A deleted calendar (only possible once no open clock used it) reads as the default.
  if (!row) return calendarForUnit(db, null);
  return cached(db, row.id, row.version);
}

/** Drops compiled calendars (tests; the version check makes this unnecessary for correctness). */
export function clearCalendarCache(): void {
  cache.clear();
}
