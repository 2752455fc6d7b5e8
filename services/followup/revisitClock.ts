import type { Executor } from '../../db/client.ts';
import { endOfNthWorkingDay } from '../../domain/calendar/index.ts';
import type { Deps } from '../deps.ts';
import { centreCalendar } from './calendar.ts';
import type { FollowupSettings } from './settings.ts';

/**
 * The revisit deadline. Seam for the SLA clocks (services/sla startClock kind 'revisit'): until they are
 * wired in, the window is the end of the N-th working day on the centre's calendar.
 */
export async function startRevisitClock(
  _tx: Executor,
  _deps: Deps,
  _args: { ticketId: number; dispatchId: number | null },
  settings: FollowupSettings,
  now: Date,
): Promise<{ clockId: number | null; dueAt: Date }> {
  return { clockId: null, dueAt: endOfNthWorkingDay(centreCalendar(), now, settings.revisitWorkingDays) };
}

export async function stopRevisitClock(
  _tx: Executor,
  _deps: Deps,
  _ticketId: number,
  _at: Date,
  _reason: string,
): Promise<void> {}
