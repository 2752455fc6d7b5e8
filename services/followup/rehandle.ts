import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { rehandleTicket } from '../dispatch/index.ts';
import { type DispatchActor, SYSTEM_ACTOR } from '../dispatch/types.ts';
import { AppError } from '../errors.ts';

export type RehandleStart = { started: true; dispatchId: number } | { started: false; why: string };

/**
 * A dissatisfied revisit starts a new dispatch round through the Dispatch engineer's rehandleTicket (which
 * writes 'ticket.rehandle', starts the sign clock and tells the citizen through the outbox). An automatic
 * re-handle acts as the system; a dispatcher's confirmation as that dispatcher. When Dispatch refuses
 * (rounds still open, no unit to reuse) nothing is half-done: the caller parks the revisit for a dispatcher.
 */
export async function startRehandle(
  tx: Executor,
  deps: Deps,
  args: { ticketId: number; unitId?: number; actor?: DispatchActor; reason: string },
  now: Date,
): Promise<RehandleStart> {
  try {
    // A savepoint: a refusal halfway through rolls back whatever rehandleTicket had written.
    const d = await tx.transaction((sp) =>
      rehandleTicket(
        sp,
        deps,
        { ticketId: args.ticketId, unitId: args.unitId, actor: args.actor ?? SYSTEM_ACTOR, reason: args.reason },
        now,
      ),
    );
    return { started: true, dispatchId: d.id };
  } catch (err) {
    // Refusals (conflict/validation) park the revisit for a dispatcher; anything else aborts the caller.
    if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation')) {
      return { started: false, why: err.message };
    }
    throw err;
  }
}
