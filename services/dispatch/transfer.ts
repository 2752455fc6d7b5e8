import { and, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatchReturns, dispatchUrgings } from '../../db/schema/index.ts';
import { decide } from '../../domain/dispatch/machine.ts';
import { liveLead } from '../../domain/dispatch/round.ts';
import type { DispatchState } from '../../domain/dispatch/states.ts';
import type { Deps } from '../deps.ts';
import { stopDispatchClock } from './clocks.ts';
import {
  assertAllowed,
  dispatchEvent,
  loadActiveUnit,
  lockDispatch,
  reloadDispatch,
  roundMembers,
  saveDispatch,
  setTicketStatus,
  snapshotOf,
} from './core.ts';
import { dispatchTicket } from './create.ts';
import { notifyUnit } from './effects.ts';
import { learnFromCorrection } from './learning.ts';
import type { Dispatch, DispatchActor } from './types.ts';

const DISPATCH_CLOCKS = ['sign', 'handle', 'return_decision'] as const;

async function stopAllClocks(tx: Executor, deps: Deps, dispatchId: number, at: Date, reason: string): Promise<void> {
  for (const kind of DISPATCH_CLOCKS) await stopDispatchClock(tx, deps, { dispatchId, kind }, at, reason);
}

/**
 * 转派: the dispatch ends 'transferred' and a new one (same round and role) goes to the target unit with a
 * fresh sign clock. The centre transfers anywhere; a unit only down its own tree (district → street).
 */
export async function transferDispatch(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; unitId: number; reason: string; actor: DispatchActor },
  now: Date,
): Promise<{ dispatch: Dispatch; newDispatch: Dispatch }> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const target = await loadActiveUnit(tx, input.unitId);
  const decision = decide('transfer', snapshotOf(dispatch), input.actor, {
    now,
    targetUnitId: target.id,
    targetUnitPath: target.path,
  });
  assertAllowed(decision, dispatch.id);
  await stopAllClocks(tx, deps, dispatch.id, now, 'transferred');
  const row = await saveDispatch(
    tx,
    dispatch.id,
    { status: decision.to, closedAt: now, closeReason: 'transferred' },
    now,
  );
  const newDispatch = await dispatchTicket(
    tx,
    deps,
    {
      ticketId: dispatch.ticketId,
      unitId: target.id,
      role: dispatch.role,
      round: dispatch.round,
      instructions: input.reason,
      actor: input.actor,
      fromDispatchId: dispatch.id,
    },
    now,
  );
  // A transfer during a pending return settles that return.
  await tx
    .update(dispatchReturns)
    .set({
      status: 'approved',
      decidedById: input.actor.id,
      decidedAt: now,
      decisionNote: `转派：${input.reason}`,
      newUnitId: target.id,
      newDispatchId: newDispatch.id,
      updatedAt: now,
    })
    .where(and(eq(dispatchReturns.dispatchId, dispatch.id), eq(dispatchReturns.status, 'pending')));
  await dispatchEvent(tx, {
    action: 'dispatch.transferred',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: { toUnitId: target.id, toUnitName: target.name, newDispatchId: newDispatch.id, reason: input.reason },
  });
  if (dispatch.role === 'lead' && input.actor.role !== 'unit_staff') {
    await learnFromCorrection(tx, ticket, dispatch.unitId, newDispatch, 'transfer', input.actor, now);
  }
  notifyUnit(tx, row.unitId, { action: 'transferred', dispatchId: row.id, ticketId: row.ticketId });
  return { dispatch: await reloadDispatch(tx, row.id), newDispatch };
}

/** 撤销: the centre withdraws a dispatch (e.g. a co-handling unit no longer needed, a merged ticket). */
export async function cancelDispatch(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; reason: string; actor: DispatchActor },
  now: Date,
): Promise<Dispatch> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('cancel', snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  await stopAllClocks(tx, deps, dispatch.id, now, 'cancelled');
  const row = await saveDispatch(
    tx,
    dispatch.id,
    { status: decision.to, closedAt: now, closeReason: 'cancelled' },
    now,
  );
  const ticketFrom = ticket.status;
  if (row.role === 'lead') {
    const members = await roundMembers(tx, row.ticketId, row.round);
    const live = liveLead(members.map((m) => ({ ...m, role: m.role, state: m.status as DispatchState })));
    // Without a live lead the ticket waits in the dispatch pool again.
    if (!live) await setTicketStatus(tx, ticket, 'registered', now);
  }
  await dispatchEvent(tx, {
    action: 'dispatch.cancelled',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: { reason: input.reason, ticketFrom, ticketTo: ticket.status },
  });
  notifyUnit(tx, row.unitId, { action: 'cancelled', dispatchId: row.id, ticketId: row.ticketId });
  return reloadDispatch(tx, row.id);
}

/** 催办: the centre presses the unit. Not a state change; counted per dispatch, the unit is notified live. */
export async function urgeDispatch(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; message: string; actor: DispatchActor },
  now: Date,
): Promise<{ dispatch: Dispatch; urgeCount: number }> {
  void deps;
  const { dispatch } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('urge', snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  const [u] = await tx
    .insert(dispatchUrgings)
    .values({
      dispatchId: dispatch.id,
      ticketId: dispatch.ticketId,
      unitId: dispatch.unitId,
      message: input.message,
      byId: input.actor.id,
      at: now,
    })
    .returning({ id: dispatchUrgings.id });
  const [c] = await tx.select({ n: count() }).from(dispatchUrgings).where(eq(dispatchUrgings.dispatchId, dispatch.id));
  const urgeCount = c?.n ?? 1;
  const row = await saveDispatch(tx, dispatch.id, {}, now);
  await dispatchEvent(tx, {
    action: 'dispatch.urged',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: dispatch.status,
    payload: { urgingId: u?.id ?? null, message: input.message, urgeCount },
  });
  notifyUnit(tx, row.unitId, {
    action: 'urged',
    dispatchId: row.id,
    ticketId: row.ticketId,
    message: input.message,
    urgeCount,
  });
  return { dispatch: row, urgeCount };
}
