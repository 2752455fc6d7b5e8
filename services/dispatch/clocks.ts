import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { extendClock, restartClock, scheduleClockTimers, startClock, stopClock } from '../sla/index.ts';

/**
 * The dispatch feature's calls into the Timebox clocks (services/sla). Every deadline comes from there
 * (policies, calendars, segment history); dispatch only says when a clock starts, stops or moves.
 */
export type DispatchClockKind = 'sign' | 'handle' | 'return_decision' | 'supervision';

export interface ClockLimit {
  workingDays?: number;
  hours?: number;
  minutes?: number;
}

export interface DispatchClockInput {
  ticketId: number;
  dispatchId: number | null;
  unitId: number | null;
  kind: DispatchClockKind;
  startAt: Date;
  /** Omitted: the SLA policy matching the ticket decides. */
  limit?: ClockLimit;
  actorId?: number | null;
  reason?: string;
  /** Continue the latest clock of this (dispatch, kind) as a new round (rework after a rejected reply). */
  restart?: boolean;
}

export async function startDispatchClock(
  tx: Executor,
  deps: Deps,
  input: DispatchClockInput,
): Promise<{ clockId: number; dueAt: Date }> {
  const { restart, ...rest } = input;
  const clock = restart ? await restartClock(tx, deps, rest) : await startClock(tx, deps, rest);
  return { clockId: clock.clockId, dueAt: clock.dueAt };
}

export async function stopDispatchClock(
  tx: Executor,
  deps: Deps,
  target: { dispatchId?: number; ticketId?: number; kind: DispatchClockKind },
  at: Date,
  reason: string,
): Promise<void> {
  await stopClock(tx, deps, target, at, reason);
}

export async function extendDispatchClock(
  tx: Executor,
  deps: Deps,
  dispatchId: number,
  newDueAt: Date,
  by: { actorId: number | null; reason: string },
): Promise<{ oldDueAt: Date | null; newDueAt: Date; clockId: number }> {
  return extendClock(tx, deps, { dispatchId, kind: 'handle' }, newDueAt, by);
}

export async function scheduleDispatchClocks(deps: Deps, clockIds: number[]): Promise<void> {
  await scheduleClockTimers(deps, clockIds);
}
