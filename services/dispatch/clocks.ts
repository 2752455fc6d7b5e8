import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';

/**
 * The dispatch feature's view of the Timebox clocks (services/sla). Every deadline comes from there; this
 * file only names the calls dispatch makes, so the services read as the domain speaks.
 * TEMPORARY: services/sla has not landed yet; these are inert until it does (deadlines stay null).
 */
export type DispatchClockKind = 'sign' | 'handle' | 'return_decision' | 'supervision';

export interface ClockLimit {
  workingDays?: number;
  hours?: number;
  minutes?: number;
}

export async function startDispatchClock(
  _tx: Executor,
  _deps: Deps,
  _input: {
    ticketId: number;
    dispatchId: number | null;
    unitId: number | null;
    kind: DispatchClockKind;
    startAt: Date;
    limit?: ClockLimit;
    actorId?: number | null;
    reason?: string;
  },
): Promise<{ clockId: number; dueAt: Date } | null> {
  return null;
}

export async function stopDispatchClock(
  _tx: Executor,
  _deps: Deps,
  _target: { dispatchId?: number; ticketId?: number; kind: DispatchClockKind },
  _at: Date,
  _reason: string,
): Promise<void> {}

export async function extendDispatchClock(
  _tx: Executor,
  _deps: Deps,
  _dispatchId: number,
  newDueAt: Date,
  _by: { actorId: number | null; reason: string },
): Promise<{ oldDueAt: Date | null; newDueAt: Date }> {
  return { oldDueAt: null, newDueAt };
}

export async function scheduleDispatchClocks(_deps: Deps, _clockIds: number[]): Promise<void> {}
