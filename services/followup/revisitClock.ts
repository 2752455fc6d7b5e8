import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { scheduleAfterCommit } from '../dispatch/effects.ts';
import { AppError } from '../errors.ts';
import { startClock, stopClock } from '../sla/index.ts';
import type { FollowupSettings } from './settings.ts';

/**
 * The revisit deadline is an SLA clock of kind 'revisit' (policy: 2 working days by default, on the
 * centre's calendar: revisits are the centre's work, so no unit is given). Its yellow warning marks the end
 * of the SMS answer window: unanswered SMS revisits then move to the phone queue (timerHandlers.ts).
 * Timers are scheduled after the caller's commit (Dispatch's effects) or by the SLA reconciliation sweep.
 */
export async function startRevisitClock(
  tx: Executor,
  deps: Deps,
  args: { ticketId: number; dispatchId: number | null },
  settings: FollowupSettings,
  now: Date,
): Promise<{ clockId: number | null; dueAt: Date; warnAt: Date | null }> {
  const base = {
    ticketId: args.ticketId,
    dispatchId: null,
    unitId: null,
    kind: 'revisit' as const,
    startAt: now,
    warnPercent: settings.smsAnswerPercent,
    reason: 'reply accepted',
  };
  let started: Awaited<ReturnType<typeof startClock>>;
  try {
    started = await startClock(tx, deps, base);
  } catch (err) {
    // No SLA policy covers revisits: fall back to the follow-up setting rather than leaving it unbounded.
    if (!(err instanceof AppError) || err.code !== 'validation') throw err;
    started = await startClock(tx, deps, { ...base, limit: { workingDays: settings.revisitWorkingDays } });
  }
  scheduleAfterCommit(tx, started.clockId);
  return started;
}

export async function stopRevisitClock(
  tx: Executor,
  deps: Deps,
  ticketId: number,
  at: Date,
  reason: string,
): Promise<void> {
  await stopClock(tx, deps, { ticketId, kind: 'revisit' }, at, reason);
}
