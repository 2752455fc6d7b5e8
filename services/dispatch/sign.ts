import type { Executor } from '../../db/client.ts';
import { decide } from '../../domain/dispatch/machine.ts';
import type { Deps } from '../deps.ts';
import { hasOpenInfoRequest } from '../followup/infoRequests.ts';
import { pauseClock } from '../sla/clocks.ts';
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
import { notifyUnit, scheduleAfterCommit } from './effects.ts';
import { type Dispatch, type DispatchActor, SYSTEM_ACTOR } from './types.ts';

/** Starts the handling clock of a dispatch that has just become 'handling' (signed, deemed, or override). */
export async function startHandling(
  tx: Executor,
  deps: Deps,
  d: Dispatch,
  startAt: Date,
  actorId: number | null,
  reason: string,
  opts: { limit?: { workingDays?: number; hours?: number }; restart?: boolean } = {},
): Promise<Date | null> {
  const clock = await startDispatchClock(tx, deps, {
    ticketId: d.ticketId,
    dispatchId: d.id,
    unitId: d.unitId,
    kind: 'handle',
    startAt,
    limit: opts.limit,
    restart: opts.restart,
    actorId,
    reason,
  });
  // Signed while the citizen is being asked for more information: the new clock waits with the others and
  // runs when the answer (or the end of the request) resumes the ticket's handling clocks.
  if (clock && (await hasOpenInfoRequest(tx, d.ticketId))) {
    await pauseClock(
      tx,
      deps,
      { ticketId: d.ticketId, dispatchId: d.id, kind: 'handle' },
      startAt,
      '等待市民补充材料',
      actorId,
    );
    return null;
  }
  scheduleAfterCommit(tx, clock?.clockId);
  return clock?.dueAt ?? null;
}

/** 签收: the unit takes the dispatch; its sign clock is met and the handling clock starts. */
export async function signDispatch(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; actor: DispatchActor },
  now: Date,
): Promise<Dispatch> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('sign', snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  await stopDispatchClock(tx, deps, { dispatchId: dispatch.id, kind: 'sign' }, now, 'signed');
  const row = await saveDispatch(
    tx,
    dispatch.id,
    { status: decision.to, signedAt: now, signedById: input.actor.id },
    now,
  );
  const handleDueAt = await startHandling(tx, deps, row, now, input.actor.id, 'signed');
  const ticketFrom = ticket.status;
  if (row.role === 'lead') await setTicketStatus(tx, ticket, 'handling', now);
  await dispatchEvent(tx, {
    action: 'dispatch.signed',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: {
      signDueAt: dispatch.signDueAt?.toISOString() ?? null,
      handleDueAt: handleDueAt?.toISOString() ?? null,
      onTime: dispatch.signDueAt ? now.getTime() <= dispatch.signDueAt.getTime() : true,
      ticketFrom,
      ticketTo: ticket.status,
    },
  });
  notifyUnit(tx, row.unitId, { action: 'signed', dispatchId: row.id, ticketId: row.ticketId });
  return reloadDispatch(tx, row.id);
}

/**
 * 超时默认签收: the sign window lapsed. Called by the timer worker (sign clock breach) exactly once; a dispatch
 * that was signed, returned or transferred meanwhile is left alone. The handling clock starts at the
 * moment the window closed, not when the worker ran, so a late worker does not give the unit extra time.
 */
export async function deemSigned(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; lapsedAt: Date },
  now: Date,
): Promise<Dispatch | null> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('deem_sign', snapshotOf(dispatch), SYSTEM_ACTOR, { now });
  if (!decision.ok) return null;
  const at = input.lapsedAt;
  await stopDispatchClock(tx, deps, { dispatchId: dispatch.id, kind: 'sign' }, at, 'deemed_signed');
  const row = await saveDispatch(tx, dispatch.id, { status: decision.to, signedAt: at, deemedSigned: true }, now);
  const handleDueAt = await startHandling(tx, deps, row, at, null, 'deemed_signed');
  const ticketFrom = ticket.status;
  if (row.role === 'lead') await setTicketStatus(tx, ticket, 'handling', now);
  await dispatchEvent(tx, {
    action: 'dispatch.deemed_signed',
    dispatch: row,
    actor: SYSTEM_ACTOR,
    at,
    from: dispatch.status,
    to: decision.to,
    payload: {
      // The lapse counts against the unit (on-time sign rate).
      lapse: true,
      signDueAt: dispatch.signDueAt?.toISOString() ?? at.toISOString(),
      handleDueAt: handleDueAt?.toISOString() ?? null,
      recordedAt: now.toISOString(),
      ticketFrom,
      ticketTo: ticket.status,
    },
  });
  notifyUnit(tx, row.unitId, { action: 'deemed_signed', dispatchId: row.id, ticketId: row.ticketId });
  return reloadDispatch(tx, row.id);
}
