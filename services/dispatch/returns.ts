import { and, count, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatchReturns } from '../../db/schema/index.ts';
import { decide } from '../../domain/dispatch/machine.ts';
import type { ReturnReasonCode } from '../../domain/dispatch/rules.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { startDispatchClock, stopDispatchClock } from './clocks.ts';
import {
  assertAllowed,
  dispatchEvent,
  lockDispatch,
  reloadDispatch,
  saveDispatch,
  setTicketStatus,
  snapshotOf,
} from './core.ts';
import { dispatchTicket } from './create.ts';
import { effectsOf, notifyUnit, scheduleAfterCommit } from './effects.ts';
import { learnFromCorrection } from './learning.ts';
import { startHandling } from './sign.ts';
import type { Dispatch, DispatchActor } from './types.ts';

export async function returnsOnTicket(tx: Executor, ticketId: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(dispatchReturns).where(eq(dispatchReturns.ticketId, ticketId));
  return row?.n ?? 0;
}

/**
 * 退单: only inside the sign window, with a reason code and text, at most MAX_RETURNS_PER_TICKET per ticket.
 * The sign clock stops (the unit has answered) and the centre's decision clock starts.
 */
export async function requestReturn(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; reasonCode: ReturnReasonCode; reasonText: string; actor: DispatchActor },
  now: Date,
): Promise<Dispatch> {
  const { dispatch } = await lockDispatch(tx, input.dispatchId);
  const returnsSoFar = await returnsOnTicket(tx, dispatch.ticketId);
  const decision = decide('request_return', snapshotOf(dispatch), input.actor, { now, returnsSoFar });
  assertAllowed(decision, dispatch.id);
  const [ret] = await tx
    .insert(dispatchReturns)
    .values({
      dispatchId: dispatch.id,
      ticketId: dispatch.ticketId,
      unitId: dispatch.unitId,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText,
      requestedById: input.actor.id,
      requestedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: dispatchReturns.id });
  await stopDispatchClock(tx, deps, { dispatchId: dispatch.id, kind: 'sign' }, now, 'return_requested');
  const clock = await startDispatchClock(tx, deps, {
    ticketId: dispatch.ticketId,
    dispatchId: dispatch.id,
    unitId: null,
    kind: 'return_decision',
    startAt: now,
    actorId: input.actor.id,
    reason: 'return_requested',
  });
  scheduleAfterCommit(tx, clock?.clockId);
  const row = await saveDispatch(tx, dispatch.id, { status: decision.to }, now);
  await dispatchEvent(tx, {
    action: 'dispatch.return_requested',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: {
      returnId: ret?.id ?? null,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText,
      returnNo: returnsSoFar + 1,
      decisionDueAt: clock?.dueAt.toISOString() ?? null,
    },
  });
  effectsOf(tx).bus.push({
    topic: 'dispatch.queue',
    audience: ['role:dispatcher', 'role:supervisor'],
    data: { action: 'return_requested', dispatchId: row.id, ticketId: row.ticketId },
  });
  return reloadDispatch(tx, row.id);
}

export async function pendingReturn(tx: Executor, dispatchId: number) {
  const [ret] = await tx
    .select()
    .from(dispatchReturns)
    .where(and(eq(dispatchReturns.dispatchId, dispatchId), eq(dispatchReturns.status, 'pending')))
    .orderBy(desc(dispatchReturns.id))
    .limit(1);
  return ret ?? null;
}

export interface ReturnDecisionInput {
  dispatchId: number;
  decision: 'approve' | 'override';
  /** approve: re-dispatch to this unit at once (else the ticket goes back to the dispatch pool). */
  newUnitId?: number | null;
  note?: string | null;
  actor: DispatchActor;
}

/**
 * The centre decides a return: approve (the dispatch ends 'returned'; re-dispatch to the unit it names) or
 * override (the unit must handle it: 'handling', handle clock from now).
 */
export async function decideReturn(
  tx: Executor,
  deps: Deps,
  input: ReturnDecisionInput,
  now: Date,
): Promise<{ dispatch: Dispatch; newDispatch: Dispatch | null }> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const action = input.decision === 'approve' ? 'approve_return' : 'override_return';
  const decision = decide(action, snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  if (input.decision === 'approve' && input.newUnitId === dispatch.unitId) {
    throw new AppError('validation', '同意退单后不能再派回原单位', {
      fields: [{ path: 'newUnitId', message: '请选择其他单位，或驳回退单' }],
    });
  }
  const ret = await pendingReturn(tx, dispatch.id);
  await stopDispatchClock(tx, deps, { dispatchId: dispatch.id, kind: 'return_decision' }, now, input.decision);
  const ticketFrom = ticket.status;
  let newDispatch: Dispatch | null = null;
  let row: Dispatch;
  if (input.decision === 'approve') {
    row = await saveDispatch(tx, dispatch.id, { status: decision.to, closedAt: now, closeReason: 'returned' }, now);
    if (input.newUnitId) {
      newDispatch = await dispatchTicket(
        tx,
        deps,
        {
          ticketId: dispatch.ticketId,
          unitId: input.newUnitId,
          role: dispatch.role,
          round: dispatch.round,
          instructions: dispatch.instructions,
          actor: input.actor,
          fromDispatchId: dispatch.id,
        },
        now,
      );
      if (dispatch.role === 'lead') {
        ticket.status = 'dispatched';
        await learnFromCorrection(tx, ticket, dispatch.unitId, newDispatch, 'return', input.actor, now);
      }
    } else if (dispatch.role === 'lead') {
      // No unit named yet: the ticket waits in the dispatch pool (待派单).
      await setTicketStatus(tx, ticket, 'registered', now);
    }
  } else {
    row = await saveDispatch(tx, dispatch.id, { status: decision.to, signedAt: now }, now);
    await startHandling(tx, deps, row, now, input.actor.id, 'return_overridden');
    if (row.role === 'lead') await setTicketStatus(tx, ticket, 'handling', now);
  }
  if (ret) {
    await tx
      .update(dispatchReturns)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'overridden',
        decidedById: input.actor.id,
        decidedAt: now,
        decisionNote: input.note ?? null,
        newUnitId: input.newUnitId ?? null,
        newDispatchId: newDispatch?.id ?? null,
        updatedAt: now,
      })
      .where(eq(dispatchReturns.id, ret.id));
  }
  await dispatchEvent(tx, {
    action: input.decision === 'approve' ? 'dispatch.return_approved' : 'dispatch.return_overridden',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: {
      returnId: ret?.id ?? null,
      note: input.note ?? null,
      newUnitId: input.newUnitId ?? null,
      newDispatchId: newDispatch?.id ?? null,
      ticketFrom,
      ticketTo: ticket.status,
    },
  });
  notifyUnit(tx, row.unitId, { action: `return_${input.decision}`, dispatchId: row.id, ticketId: row.ticketId });
  return { dispatch: await reloadDispatch(tx, row.id), newDispatch };
}
