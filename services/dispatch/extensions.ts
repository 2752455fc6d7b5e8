import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatchExtensions } from '../../db/schema/index.ts';
import { chineseDate } from '../../domain/calendar/time.ts';
import { decide } from '../../domain/dispatch/machine.ts';
import type { Deps } from '../deps.ts';
import { extendDispatchClock } from './clocks.ts';
import { assertAllowed, dispatchEvent, lockDispatch, reloadDispatch, saveDispatch, snapshotOf } from './core.ts';
import { effectsOf, notifyUnit } from './effects.ts';
import { notifyCitizen } from './notify.ts';
import type { Dispatch, DispatchActor } from './types.ts';

/** 申请延期: before the handling deadline, with a reason and the date asked for. */
export async function requestExtension(
  tx: Executor,
  _deps: Deps,
  input: { dispatchId: number; requestedDueAt: Date; reason: string; actor: DispatchActor },
  now: Date,
): Promise<Dispatch> {
  const { dispatch } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('request_extension', snapshotOf(dispatch), input.actor, { now, dueAt: input.requestedDueAt });
  assertAllowed(decision, dispatch.id);
  const [ext] = await tx
    .insert(dispatchExtensions)
    .values({
      dispatchId: dispatch.id,
      ticketId: dispatch.ticketId,
      unitId: dispatch.unitId,
      reason: input.reason,
      requestedDueAt: input.requestedDueAt,
      oldDueAt: dispatch.handleDueAt,
      requestedById: input.actor.id,
      requestedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: dispatchExtensions.id });
  const row = await saveDispatch(tx, dispatch.id, { extensionStatus: decision.extensionTo }, now);
  await dispatchEvent(tx, {
    action: 'dispatch.extension_requested',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: row.status,
    payload: {
      extensionId: ext?.id ?? null,
      reason: input.reason,
      requestedDueAt: input.requestedDueAt.toISOString(),
      currentDueAt: dispatch.handleDueAt?.toISOString() ?? null,
    },
  });
  effectsOf(tx).bus.push({
    topic: 'dispatch.queue',
    audience: ['role:dispatcher', 'role:supervisor'],
    data: { action: 'extension_requested', dispatchId: row.id, ticketId: row.ticketId },
  });
  return reloadDispatch(tx, row.id);
}

export async function pendingExtension(tx: Executor, dispatchId: number) {
  const [ext] = await tx
    .select()
    .from(dispatchExtensions)
    .where(and(eq(dispatchExtensions.dispatchId, dispatchId), eq(dispatchExtensions.status, 'pending')))
    .orderBy(desc(dispatchExtensions.id))
    .limit(1);
  return ext ?? null;
}

/**
 * The centre approves (to the date asked, or another) or rejects. Approval moves the handling clock through
 * the Timebox (its segment history records old and new target); the citizen is told the new date.
 */
export async function decideExtension(
  tx: Executor,
  deps: Deps,
  input: {
    dispatchId: number;
    decision: 'approve' | 'reject';
    dueAt?: Date | null;
    note?: string | null;
    actor: DispatchActor;
  },
  now: Date,
): Promise<Dispatch> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const action = input.decision === 'approve' ? 'approve_extension' : 'reject_extension';
  const decision = decide(action, snapshotOf(dispatch), input.actor, { now, dueAt: input.dueAt ?? undefined });
  assertAllowed(decision, dispatch.id);
  const ext = await pendingExtension(tx, dispatch.id);
  let oldDueAt: Date | null = dispatch.handleDueAt;
  let newDueAt: Date | null = null;
  if (input.decision === 'approve') {
    const target = input.dueAt ?? ext?.requestedDueAt ?? null;
    if (target) {
      const moved = await extendDispatchClock(tx, deps, dispatch.id, target, {
        actorId: input.actor.id,
        reason: `延期：${ext?.reason ?? input.note ?? ''}`,
      });
      oldDueAt = moved.oldDueAt ?? oldDueAt;
      newDueAt = moved.newDueAt;
    }
  }
  const row = await saveDispatch(tx, dispatch.id, { extensionStatus: decision.extensionTo }, now);
  if (ext) {
    await tx
      .update(dispatchExtensions)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        approvedDueAt: newDueAt,
        oldDueAt,
        decidedById: input.actor.id,
        decidedAt: now,
        decisionNote: input.note ?? null,
        updatedAt: now,
      })
      .where(eq(dispatchExtensions.id, ext.id));
  }
  await dispatchEvent(tx, {
    action: input.decision === 'approve' ? 'dispatch.extension_approved' : 'dispatch.extension_rejected',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: row.status,
    payload: {
      extensionId: ext?.id ?? null,
      requestedDueAt: ext?.requestedDueAt.toISOString() ?? null,
      oldDueAt: oldDueAt?.toISOString() ?? null,
      newDueAt: newDueAt?.toISOString() ?? null,
      note: input.note ?? null,
    },
  });
  if (input.decision === 'approve' && row.role === 'lead' && newDueAt) {
    await notifyCitizen(
      tx,
      deps,
      {
        ticketId: ticket.id,
        template: 'ticket.extended',
        vars: { newDueDate: chineseDate(newDueAt), reason: ext?.reason ?? input.note ?? '' },
        key: `extended-${dispatch.id}-${ext?.id ?? 0}`,
      },
      now,
    );
  }
  notifyUnit(tx, row.unitId, { action: `extension_${input.decision}`, dispatchId: row.id, ticketId: row.ticketId });
  return reloadDispatch(tx, row.id);
}
