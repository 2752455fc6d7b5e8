import { describe, expect, it } from 'vitest';
import type { CalendarSpec, DayKind } from '../domain/calendar/index.ts';
import {
  addWorkingTime,
  buildCalendar,
  DEFAULT_CALENDAR_SPEC,
  dayKind,
  describeDay,
  endOfNthWorkingDay,
  fromLocal,
  hasHolidayData,
  isWorkingDay,
  localDate,
  nextWorkingTime,
  ROUND_THE_CLOCK_CALENDAR_SPEC,
  workingTimeBetween,
} from '../domain/calendar/index.ts';

const cal = buildCalendar(DEFAULT_CALENDAR_SPEC);
const at = (date: string, time: string): Date => fromLocal(date, time);
/** Local 'YYYY-MM-DD HH:MM' of an instant, for readable failures. */
const local = (d: Date): string =>
  `${localDate(d)} ${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

describe('local time helpers', () => {
  it('maps wall time in Asia/Shanghai to UTC+08:00 whatever the process zone', () => {
    expect(fromLocal('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(fromLocal('2026-10-10', '17:30').toISOString()).toBe('2026-10-10T09:30:00.000Z');
    expect(fromLocal('2026-10-10', '24:00').toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(localDate(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
    expect(localDate(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
  });

  it('rejects malformed dates and times', () => {
    expect(() => fromLocal('2026-02-30', '09:00')).toThrow(RangeError);
    expect(() => fromLocal('2026-2-3', '09:00')).toThrow(RangeError);
    expect(() => fromLocal('2026-02-03', '24:01')).toThrow(RangeError);
    expect(() => localDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('2026 day kinds (State Council arrangement via chinese-days)', () => {
  const holidays = [
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ] as const;
  const makeup = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

  it('marks every statutory holiday off and every make-up day on', () => {
    for (const [first, last] of holidays) {
      for (let d = fromLocal(first); localDate(d) <= last; d = new Date(d.getTime() + 86_400_000)) {
        expect([localDate(d), dayKind(cal, localDate(d))]).toEqual([localDate(d), 'holiday']);
        expect(isWorkingDay(cal, localDate(d))).toBe(false);
      }
    }
    for (const date of makeup) {
      expect([date, dayKind(cal, date)]).toEqual([date, 'makeup_workday']);
      expect(isWorkingDay(cal, date)).toBe(true);
    }
  });

  it('counts exactly 248 working days in 2026 (365 - 104 weekend days - 19 weekday holidays + 6 make-up)', () => {
    let n = 0;
    for (let d = fromLocal('2026-01-01'); localDate(d) < '2027-01-01'; d = new Date(d.getTime() + 86_400_000)) {
      if (isWorkingDay(cal, localDate(d))) n++;
    }
    expect(n).toBe(248);
  });

  it('classifies ordinary days and describes a make-up day', () => {
    const kinds: [string, DayKind][] = [
      ['2026-03-02', 'workday'],
      ['2026-03-07', 'weekend'],
      ['2026-10-11', 'weekend'],
      ['2026-10-03', 'holiday'],
    ];
    for (const [date, kind] of kinds) expect(dayKind(cal, date)).toBe(kind);
    expect(describeDay(cal, '2026-10-10')).toEqual({
      date: '2026-10-10',
      kind: 'makeup_workday',
      name: '国庆节',
      intervals: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      workingMinutes: 420,
    });
  });
});

describe('addWorkingTime on the default calendar', () => {
  it.each([
    // [start, minutes, expected]
    ['2026-03-02 10:00', 30, '2026-03-02 10:30'],
    ['2026-03-02 09:00', 180, '2026-03-02 12:00'], // lands on an interval end: that end, not 13:30
    ['2026-03-02 13:30', 240, '2026-03-02 17:30'], // day end: not next morning 09:00
    ['2026-03-02 11:30', 60, '2026-03-02 14:00'], // over lunch
    ['2026-03-02 12:10', 30, '2026-03-02 14:00'], // starts at lunch: counting begins 13:30
    ['2026-03-02 07:00', 30, '2026-03-02 09:30'], // before opening
    ['2026-03-06 17:00', 60, '2026-03-09 09:30'], // Friday into Monday
    ['2026-03-06 18:00', 120, '2026-03-09 11:00'], // after hours on Friday
    ['2026-03-02 10:00', 420, '2026-03-03 10:00'],
    ['2026-03-02 00:00', 420 * 5, '2026-03-06 17:30'],
  ])('%s + %i min = %s', (start, minutes, expected) => {
    const [date, time] = start.split(' ');
    expect(local(addWorkingTime(cal, at(date ?? '', time ?? ''), minutes))).toBe(expected);
  });

  it('adding 0 returns the start in working time, else the next interval start', () => {
    expect(local(addWorkingTime(cal, at('2026-03-02', '10:00'), 0))).toBe('2026-03-02 10:00');
    expect(local(addWorkingTime(cal, at('2026-03-02', '12:00'), 0))).toBe('2026-03-02 13:30');
    expect(local(addWorkingTime(cal, at('2026-10-01', '10:00'), 0))).toBe('2026-10-08 09:00');
    expect(local(nextWorkingTime(cal, at('2026-03-02', '17:30')))).toBe('2026-03-03 09:00');
  });

  it('is exact below the minute', () => {
    const start = new Date(at('2026-03-02', '09:00').getTime() + 30_000);
    expect(addWorkingTime(cal, start, 1).toISOString()).toBe('2026-03-02T01:01:30.000Z');
    expect(workingTimeBetween(cal, at('2026-03-02', '09:00'), start)).toBe(0.5);
    expect(addWorkingTime(cal, at('2026-03-02', '17:29'), 1.5).toISOString()).toBe('2026-03-03T01:00:30.000Z');
  });

  it('rejects negative, NaN and infinite durations and invalid dates', () => {
    expect(() => addWorkingTime(cal, at('2026-03-02', '09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingTime(cal, at('2026-03-02', '09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingTime(cal, at('2026-03-02', '09:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingTime(cal, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => endOfNthWorkingDay(cal, at('2026-03-02', '09:00'), 1.5)).toThrow(RangeError);
  });
});

describe('National Day 2026 (10-01..07 off, 09-20 Sun and 10-10 Sat on)', () => {
  it('a 3-working-day deadline from 09-30 ends on the make-up Saturday 10-10', () => {
    // After 09-30: 10-08 (1), 10-09 (2), 10-10 make-up Saturday (3), 10-12 (4).
    expect(local(endOfNthWorkingDay(cal, at('2026-09-30', '10:00'), 3))).toBe('2026-10-10 17:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-09-30', '10:00'), 4))).toBe('2026-10-12 17:30');
    // A 5-working-day help request received on Tuesday 09-29.
    expect(local(endOfNthWorkingDay(cal, at('2026-09-29', '15:00'), 5))).toBe('2026-10-12 17:30');
  });

  it('adds 3 working days of minutes across the holiday into 10-10', () => {
    // 09-30 16:00–17:30 = 90; 10-08 420; 10-09 420; 10-10 needs 330 = 180 + 150 → 16:00.
    const due = addWorkingTime(cal, at('2026-09-30', '16:00'), 3 * 420);
    expect(local(due)).toBe('2026-10-10 16:00');
    expect(workingTimeBetween(cal, at('2026-09-30', '16:00'), due)).toBe(1260);
    expect(workingTimeBetween(cal, due, at('2026-09-30', '16:00'))).toBe(-1260);
    expect(workingTimeBetween(cal, at('2026-09-30', '09:00'), at('2026-10-12', '09:00'))).toBe(4 * 420);
  });

  it('the 09-20 Sunday make-up day counts', () => {
    expect(local(addWorkingTime(cal, at('2026-09-18', '17:00'), 60))).toBe('2026-09-20 09:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-09-19', '10:00'), 1))).toBe('2026-09-20 17:30');
    // Mid-Autumn: 09-24 Thu, then 09-25..27 off, 09-28 Mon.
    expect(local(addWorkingTime(cal, at('2026-09-24', '17:00'), 60))).toBe('2026-09-28 09:30');
  });

  it('the 10-10 Saturday make-up day counts', () => {
    expect(local(addWorkingTime(cal, at('2026-10-09', '17:00'), 60))).toBe('2026-10-10 09:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-10-09', '17:00'), 1))).toBe('2026-10-10 17:30');
  });
});

describe('Spring Festival 2026 (02-15..23 off, 02-14 and 02-28 Saturdays on)', () => {
  it('signing window of 2 working hours runs from the make-up Saturday to after the holiday', () => {
    expect(local(addWorkingTime(cal, at('2026-02-13', '17:00'), 120))).toBe('2026-02-14 10:30');
    expect(local(addWorkingTime(cal, at('2026-02-14', '16:00'), 120))).toBe('2026-02-24 09:30');
  });

  it('counts working days through both make-up Saturdays', () => {
    const start = at('2026-02-13', '11:00');
    expect(local(endOfNthWorkingDay(cal, start, 1))).toBe('2026-02-14 17:30');
    expect(local(endOfNthWorkingDay(cal, start, 2))).toBe('2026-02-24 17:30');
    expect(local(endOfNthWorkingDay(cal, start, 5))).toBe('2026-02-27 17:30');
    expect(local(endOfNthWorkingDay(cal, start, 6))).toBe('2026-02-28 17:30');
    expect(workingTimeBetween(cal, at('2026-02-14', '00:00'), at('2026-02-24', '00:00'))).toBe(420);
  });
});

describe('the other 2026 make-up days', () => {
  it('01-04 (Sunday after New Year)', () => {
    expect(local(addWorkingTime(cal, at('2025-12-31', '17:00'), 60))).toBe('2026-01-04 09:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-01-01', '10:00'), 1))).toBe('2026-01-04 17:30');
  });

  it('05-09 (Saturday after Labour Day)', () => {
    expect(local(addWorkingTime(cal, at('2026-05-08', '17:00'), 60))).toBe('2026-05-09 09:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-04-30', '10:00'), 1))).toBe('2026-05-06 17:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-04-30', '10:00'), 4))).toBe('2026-05-09 17:30');
  });
});

describe('endOfNthWorkingDay, n = 0 and the start day', () => {
  it('n = 0 is the end of the start day if working, else of the next working day', () => {
    expect(local(endOfNthWorkingDay(cal, at('2026-03-02', '20:00'), 0))).toBe('2026-03-02 17:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-10-03', '10:00'), 0))).toBe('2026-10-08 17:30');
  });

  it('the start day never counts, even when the start is before opening', () => {
    expect(local(endOfNthWorkingDay(cal, at('2026-03-02', '00:00'), 1))).toBe('2026-03-03 17:30');
    expect(local(endOfNthWorkingDay(cal, at('2026-03-07', '10:00'), 1))).toBe('2026-03-09 17:30');
  });
});

describe('24×7 calendar', () => {
  const allDay = buildCalendar(ROUND_THE_CLOCK_CALENDAR_SPEC);

  it('ignores holidays and make-up days', () => {
    expect(dayKind(allDay, '2026-10-01')).toBe('workday');
    expect(dayKind(allDay, '2026-10-11')).toBe('workday');
    expect(local(addWorkingTime(allDay, at('2026-10-01', '08:00'), 24 * 60))).toBe('2026-10-02 08:00');
    expect(workingTimeBetween(allDay, at('2026-02-15', '00:00'), at('2026-02-16', '00:00'))).toBe(1440);
  });

  it('the end of a working day is midnight', () => {
    expect(endOfNthWorkingDay(allDay, at('2026-10-01', '08:00'), 1).toISOString()).toBe(
      fromLocal('2026-10-03', '00:00').toISOString(),
    );
  });

  it('still honours a closure, and ignores holiday overrides', () => {
    const closed = buildCalendar({
      ...ROUND_THE_CLOCK_CALENDAR_SPEC,
      overrides: [
        { date: '2026-10-02', kind: 'closure', name: 'relocation' },
        { date: '2026-10-05', kind: 'holiday' },
      ],
    });
    expect(dayKind(closed, '2026-10-02')).toBe('closure');
    expect(dayKind(closed, '2026-10-05')).toBe('workday');
    expect(local(addWorkingTime(closed, at('2026-10-01', '23:00'), 120))).toBe('2026-10-03 01:00');
  });
});

describe('administrator overrides', () => {
  // Hypothetical 2027 arrangement: 10-01 (Fri)..10-07 off, 09-26 (Sun) and 10-09 (Sat) on.
  const overrides2027: CalendarSpec['overrides'] = [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
      date: `2027-10-${d}`,
      kind: 'holiday' as const,
      name: '国庆节',
    })),
    { date: '2027-09-26', kind: 'workday', name: '国庆节' },
    { date: '2027-10-09', kind: 'workday', name: '国庆节' },
  ];
  const with2027 = buildCalendar({ ...DEFAULT_CALENDAR_SPEC, overrides: overrides2027 });

  it('without them, chinese-days wrongly reports 2027-10-01 as a workday and we say the data is missing', () => {
    expect(dayKind(cal, '2027-10-01')).toBe('workday');
    expect(hasHolidayData(cal, 2026)).toBe(true);
    expect(hasHolidayData(cal, 2027)).toBe(false);
  });

  it('2027 overrides take effect', () => {
    expect(dayKind(with2027, '2027-10-01')).toBe('holiday');
    expect(describeDay(with2027, '2027-10-01').name).toBe('国庆节');
    expect(dayKind(with2027, '2027-10-09')).toBe('makeup_workday');
    expect(hasHolidayData(with2027, 2027)).toBe(true);
    expect(local(endOfNthWorkingDay(cal, at('2027-09-30', '10:00'), 1))).toBe('2027-10-01 17:30');
    expect(local(endOfNthWorkingDay(with2027, at('2027-09-30', '10:00'), 1))).toBe('2027-10-08 17:30');
    expect(local(endOfNthWorkingDay(with2027, at('2027-09-30', '10:00'), 2))).toBe('2027-10-09 17:30');
    expect(local(addWorkingTime(with2027, at('2027-09-24', '17:00'), 60))).toBe('2027-09-26 09:30');
  });

  it('overrides win over chinese-days, the last entry for a date wins, closures close', () => {
    const c = buildCalendar({
      ...DEFAULT_CALENDAR_SPEC,
      overrides: [
        { date: '2026-10-10', kind: 'holiday' },
        { date: '2026-10-02', kind: 'workday' },
        { date: '2026-03-10', kind: 'workday' },
        { date: '2026-03-10', kind: 'closure', name: 'power cut' },
      ],
    });
    expect(dayKind(c, '2026-10-10')).toBe('holiday');
    expect(dayKind(c, '2026-10-02')).toBe('workday'); // a Friday: its own weekly hours
    expect(dayKind(c, '2026-03-10')).toBe('closure');
    expect(local(addWorkingTime(c, at('2026-03-09', '17:00'), 60))).toBe('2026-03-11 09:30');
    expect(local(endOfNthWorkingDay(c, at('2026-10-01', '10:00'), 1))).toBe('2026-10-02 17:30');
  });

  it('make-up days use the configured workday intervals', () => {
    const c = buildCalendar({ ...DEFAULT_CALENDAR_SPEC, workdayIntervals: [{ start: '10:00', end: '11:00' }] });
    expect(local(addWorkingTime(c, at('2026-10-09', '17:00'), 60))).toBe('2026-10-10 10:30');
    expect(local(endOfNthWorkingDay(c, at('2026-10-09', '17:00'), 1))).toBe('2026-10-10 11:00');
  });
});

describe('precomputed range', () => {
  it('answers outside the precomputed years exactly as a calendar built over them', () => {
    const narrow = buildCalendar({ ...DEFAULT_CALENDAR_SPEC, years: { from: 2026, to: 2026 } });
    const wide = buildCalendar({ ...DEFAULT_CALENDAR_SPEC, years: { from: 2020, to: 2035 } });
    const starts = [at('2021-06-01', '10:00'), at('2026-12-31', '17:00'), at('2034-12-31', '16:00')];
    for (const s of starts) {
      expect(addWorkingTime(narrow, s, 420 * 30).getTime()).toBe(addWorkingTime(wide, s, 420 * 30).getTime());
      expect(endOfNthWorkingDay(narrow, s, 300).getTime()).toBe(endOfNthWorkingDay(wide, s, 300).getTime());
    }
    expect(workingTimeBetween(narrow, at('2020-01-01', '00:00'), at('2040-01-01', '00:00'))).toBe(
      workingTimeBetween(wide, at('2020-01-01', '00:00'), at('2040-01-01', '00:00')),
    );
  });

  it('throws instead of answering when there is no working time at all', () => {
    const never = buildCalendar({ weekly: [[], [], [], [], [], [], []] });
    expect(() => addWorkingTime(never, at('2026-03-02', '09:00'), 1)).toThrow(RangeError);
    expect(() => endOfNthWorkingDay(never, at('2026-03-02', '09:00'), 1)).toThrow(RangeError);
    expect(() => fromLocal('1980-01-01', '00:00')).not.toThrow();
    expect(() => isWorkingDay(cal, '1980-01-01')).toThrow(RangeError);
  });
});

describe('spec validation', () => {
  const week = (ivs: { start: string; end: string }[]) => [ivs, ivs, ivs, ivs, ivs, ivs, ivs];
  it.each([
    ['reversed interval', { weekly: week([{ start: '12:00', end: '09:00' }]) }],
    ['empty interval', { weekly: week([{ start: '09:00', end: '09:00' }]) }],
    [
      'overlap',
      {
        weekly: week([
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ]),
      },
    ],
    ['bad time', { weekly: week([{ start: '9:00', end: '12:00' }]) }],
    ['six days', { weekly: week([]).slice(1) }],
    ['bad override date', { weekly: week([]), overrides: [{ date: '2026-13-01', kind: 'holiday' as const }] }],
    ['years out of range', { weekly: week([]), years: { from: 1980, to: 2030 } }],
  ])('rejects %s', (_label, spec: CalendarSpec) => {
    expect(() => buildCalendar(spec)).toThrow(RangeError);
  });
});
