import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import type { OpenClock } from '../sla/index.ts';
import { onClockEvent } from '../sla/index.ts';
import { flushBusNow } from './effects.ts';
import { deemSigned } from './sign.ts';
import { caseForClock, escalateSupervision } from './supervision.ts';
import { SYSTEM_ACTOR } from './types.ts';

/** Sign window lapsed → 超时默认签收 (the lapse is recorded against the unit in the event). */
export async function onSignBreach(tx: Executor, deps: Deps, clock: OpenClock, now: Date): Promise<void> {
  if (!clock.dispatchId) return;
  await deemSigned(tx, deps, { dispatchId: clock.dispatchId, lapsedAt: clock.dueAt ?? now }, now);
  flushBusNow(tx, deps);
}

/** Supervision deadline passed → escalate to the unit's leader (once; a closed case is left alone). */
export async function onSupervisionBreach(tx: Executor, deps: Deps, clock: OpenClock, now: Date): Promise<void> {
  const caseId = await caseForClock(tx, clock.id);
  if (!caseId) return;
  await escalateSupervision(
    tx,
    deps,
    { caseId, actor: SYSTEM_ACTOR, note: '督办期限已到，自动升级', onlyIfOpen: true },
    clock.dueAt ?? now,
  );
  flushBusNow(tx, deps);
}

let registered: Array<() => void> = [];

/**
 * Registers the dispatch feature's clock handlers with the Timebox timer worker. Idempotent; returns an
 * unregister function (tests).
 */
export function registerDispatchTimerHandlers(): () => void {
  if (registered.length === 0) {
    registered = [
      onClockEvent('sign', 'breach', onSignBreach),
      onClockEvent('supervision', 'breach', onSupervisionBreach),
    ];
  }
  return () => {
    for (const off of registered) off();
    registered = [];
  };
}
