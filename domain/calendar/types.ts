/** A span of wall-clock time within one local day, 'HH:MM' (end may be '24:00'), half-open [start, end). */
export interface TimeInterval {
  readonly start: string;
  readonly end: string;
}

export type DayOverrideKind = 'holiday' | 'workday' | 'closure';

/**
 * One administrator-entered day. 'holiday' and 'workday' correct or extend the State Council
 * arrangement (chinese-days stops at 2026); 'closure' is a one-off whole day off for this calendar.
 */
export interface DayOverride {
  readonly date: string;
  readonly kind: DayOverrideKind;
  readonly name?: string;
}

export interface CalendarSpec {
  readonly id?: string;
  /** Index 0 = Sunday … 6 = Saturday (as `Date#getDay`); an empty list is a day off. */
  readonly weekly: readonly (readonly TimeInterval[])[];
  /** Hours worked on a make-up workday (调休上班) that falls on a day off; defaults to Monday's. */
  readonly workdayIntervals?: readonly TimeInterval[];
  /** Later entries win over earlier ones for the same date; all win over chinese-days. */
  readonly overrides?: readonly DayOverride[];
  /**
   * false for 24×7 units: statutory holidays and make-up workdays (package or override) are ignored,
   * only the weekly hours and 'closure' overrides apply. Default true.
   */
  readonly observeHolidays?: boolean;
  /** Years precomputed at build time (inclusive); queries outside widen the tables lazily. Default 2020–2035. */
  readonly years?: { readonly from: number; readonly to: number };
}

/**
 * 'weekend' means off by the weekly schedule, whatever the weekday; 'makeup_workday' is a day off by
 * the weekly schedule turned into a working day (package or 'workday' override).
 */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'closure';

export interface DayDescription {
  readonly date: string;
  readonly kind: DayKind;
  readonly name?: string;
  readonly intervals: readonly TimeInterval[];
  readonly workingMinutes: number;
}
