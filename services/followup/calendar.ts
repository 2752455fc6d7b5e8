import { buildCalendar, DEFAULT_CALENDAR_SPEC, type WorkingCalendar } from '../../domain/calendar/index.ts';

let cached: WorkingCalendar | null = null;

/**
 * The centre's working calendar for revisit windows and unreachable retries (revisits are done by the
 * centre's agents, so the centre's calendar counts, not the unit's).
 */
export function centreCalendar(): WorkingCalendar {
  cached ??= buildCalendar(DEFAULT_CALENDAR_SPEC);
  return cached;
}
