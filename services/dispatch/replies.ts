import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { type AttachmentMeta, dispatchExtensions, dispatchReplies } from '../../db/schema/index.ts';
import { decide } from '../../domain/dispatch/machine.ts';
import { pendingCoMembers } from '../../domain/dispatch/round.ts';
import { REWORK_WORKING_DAYS, type ReplyResult } from '../../domain/dispatch/rules.ts';
import type { DispatchState } from '../../domain/dispatch/states.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { stopDispatchClock } from './clocks.ts';
import { passLeadReplyToCluster } from './clusterReply.ts';
import {
  assertAllowed,
  dispatchEvent,
  lockDispatch,
  reloadDispatch,
  roundMembers,
  saveDispatch,
  setTicketStatus,
  snapshotOf,
} from './core.ts';
import { effectsOf, notifyUnit } from './effects.ts';
import { openRevisitFor } from './notify.ts';
import { startHandling } from './sign.ts';
import { type Dispatch, type DispatchActor, SYSTEM_ACTOR } from './types.ts';

export interface ReplyInput {
  dispatchId: number;
  result: ReplyResult;
  publicText: string;
  internalNotes?: string | null;
  attachments?: AttachmentMeta[];
  actor: DispatchActor;
}

/**
 * 办结答复. The handling clock stops. A co-handling unit's answer feeds the lead's and is not reviewed on its
 * own. The lead's reply closes the round only when every co-handling unit has answered or its time is up;
 * otherwise 409 names the units still owing an answer.
 */
export async function replyDispatch(tx: Executor, deps: Deps, input: ReplyInput, now: Date): Promise<Dispatch> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const decision = decide('reply', snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  if (dispatch.role === 'lead') {
    const members = await roundMembers(tx, dispatch.ticketId, dispatch.round);
    const pending = pendingCoMembers(
      members.map((m) => ({ ...m, state: m.status as DispatchState })),
      now,
    );
    if (pending.length) {
      throw conflict('协办单位尚未答复且未到期限，暂不能办结答复', {
        dispatchId: dispatch.id,
        reason: 'co_pending',
        currentState: dispatch.status,
        pendingCo: pending.map((p) => ({
          dispatchId: p.id,
          unitId: p.unitId,
          dueAt: (p.handleDueAt ?? p.signDueAt)?.toISOString() ?? null,
        })),
      });
    }
  }
  const [reply] = await tx
    .insert(dispatchReplies)
    .values({
      dispatchId: dispatch.id,
      ticketId: dispatch.ticketId,
      unitId: dispatch.unitId,
      result: input.result,
      publicText: input.publicText,
      internalNotes: input.internalNotes ?? null,
      attachments: input.attachments ?? [],
      submittedById: input.actor.id,
      submittedAt: now,
      reviewStatus: dispatch.role === 'lead' ? 'pending' : 'not_required',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: dispatchReplies.id });
  if (dispatch.extensionStatus === 'requested') {
    // Answering ends the need for more time: the open request is withdrawn, not left for the centre.
    await tx
      .update(dispatchExtensions)
      .set({ status: 'withdrawn', decidedAt: now, updatedAt: now })
      .where(and(eq(dispatchExtensions.dispatchId, dispatch.id), eq(dispatchExtensions.status, 'pending')));
  }
  await stopDispatchClock(tx, deps, { dispatchId: dispatch.id, kind: 'handle' }, now, 'replied');
  const row = await saveDispatch(
    tx,
    dispatch.id,
    { status: decision.to, repliedAt: now, extensionStatus: decision.extensionTo },
    now,
  );
  const ticketFrom = ticket.status;
  if (row.role === 'lead') await setTicketStatus(tx, ticket, 'replied', now);
  await dispatchEvent(tx, {
    action: 'dispatch.replied',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: {
      replyId: reply?.id ?? null,
      result: input.result,
      // The public answer: what the citizen will read (Follow-up quotes it in the revisit SMS).
      summary: input.publicText,
      attachments: (input.attachments ?? []).length,
      handleDueAt: dispatch.handleDueAt?.toISOString() ?? null,
      onTime: dispatch.handleDueAt ? now.getTime() <= dispatch.handleDueAt.getTime() : true,
      ticketFrom,
      ticketTo: ticket.status,
    },
  });
  effectsOf(tx).bus.push({
    topic: 'dispatch.queue',
    audience: ['role:dispatcher', 'role:supervisor'],
    data: { action: 'replied', dispatchId: row.id, ticketId: row.ticketId, role: row.role },
  });
  return reloadDispatch(tx, row.id);
}

export async function latestReply(tx: Executor, dispatchId: number) {
  const [r] = await tx
    .select()
    .from(dispatchReplies)
    .where(eq(dispatchReplies.dispatchId, dispatchId))
    .orderBy(desc(dispatchReplies.id))
    .limit(1);
  return r ?? null;
}

/** Closes the co-handling dispatches of an accepted round (answered → accepted, silent → cancelled). */
async function closeCoMembers(tx: Executor, deps: Deps, lead: Dispatch, now: Date): Promise<void> {
  const members = await roundMembers(tx, lead.ticketId, lead.round);
  for (const m of members) {
    if (m.role !== 'co') continue;
    const decision = decide('close_co', snapshotOf(m), SYSTEM_ACTOR, { now });
    if (!decision.ok) continue;
    // Already serialised: every operation on this ticket holds the ticket row lock.
    for (const kind of ['sign', 'handle', 'return_decision'] as const) {
      await stopDispatchClock(tx, deps, { dispatchId: m.id, kind }, now, 'round_closed');
    }
    const row = await saveDispatch(
      tx,
      m.id,
      {
        status: decision.to,
        closedAt: now,
        closeReason: decision.to === 'accepted' ? 'round_accepted' : 'round_closed',
      },
      now,
    );
    await dispatchEvent(tx, {
      action: decision.to === 'accepted' ? 'dispatch.reply_accepted' : 'dispatch.cancelled',
      dispatch: row,
      actor: SYSTEM_ACTOR,
      at: now,
      from: m.status,
      to: decision.to,
      payload: { roundClosedBy: lead.id, answered: decision.to === 'accepted' },
    });
  }
}

/**
 * The centre reviews the lead's reply. Accept: 'dispatch.reply_accepted', the round closes, the citizen gets
 * the answer and the ticket goes to revisit, and so does every member of a confirmed cluster the ticket leads.
 * Reject: back to the unit with a reason; the unit gets REWORK_WORKING_DAYS on a new handling clock.
 */
export async function reviewReply(
  tx: Executor,
  deps: Deps,
  input: { dispatchId: number; decision: 'accept' | 'reject'; reason?: string | null; actor: DispatchActor },
  now: Date,
): Promise<Dispatch> {
  const { dispatch, ticket } = await lockDispatch(tx, input.dispatchId);
  const action = input.decision === 'accept' ? 'accept_reply' : 'reject_reply';
  const decision = decide(action, snapshotOf(dispatch), input.actor, { now });
  assertAllowed(decision, dispatch.id);
  if (input.decision === 'reject' && !input.reason?.trim()) {
    throw new AppError('validation', '退回答复须说明原因', { fields: [{ path: 'reason', message: '请填写退回原因' }] });
  }
  const reply = await latestReply(tx, dispatch.id);
  if (reply) {
    await tx
      .update(dispatchReplies)
      .set({
        reviewStatus: input.decision === 'accept' ? 'accepted' : 'rejected',
        reviewedById: input.actor.id,
        reviewedAt: now,
        reviewReason: input.reason ?? null,
        updatedAt: now,
      })
      .where(eq(dispatchReplies.id, reply.id));
  }
  const ticketFrom = ticket.status;
  if (input.decision === 'reject') {
    const row = await saveDispatch(tx, dispatch.id, { status: decision.to, reviewedAt: now }, now);
    // The same handling clock continues as a new round (history kept), with the rework allowance.
    const handleDueAt = await startHandling(tx, deps, row, now, input.actor.id, 'reply_rejected', {
      limit: { workingDays: REWORK_WORKING_DAYS },
      restart: true,
    });
    await setTicketStatus(tx, ticket, 'handling', now);
    await dispatchEvent(tx, {
      action: 'dispatch.reply_rejected',
      dispatch: row,
      actor: input.actor,
      at: now,
      from: dispatch.status,
      to: decision.to,
      payload: {
        replyId: reply?.id ?? null,
        reason: input.reason,
        handleDueAt: handleDueAt?.toISOString() ?? null,
        ticketFrom,
        ticketTo: ticket.status,
      },
    });
    notifyUnit(tx, row.unitId, { action: 'reply_rejected', dispatchId: row.id, ticketId: row.ticketId });
    return reloadDispatch(tx, row.id);
  }
  const row = await saveDispatch(
    tx,
    dispatch.id,
    { status: decision.to, reviewedAt: now, closedAt: now, closeReason: 'accepted' },
    now,
  );
  await closeCoMembers(tx, deps, row, now);
  await dispatchEvent(tx, {
    action: 'dispatch.reply_accepted',
    dispatch: row,
    actor: input.actor,
    at: now,
    from: dispatch.status,
    to: decision.to,
    payload: { replyId: reply?.id ?? null, result: reply?.result ?? null, ticketFrom },
  });
  // openRevisit sends the citizen the answer (with the 1/2/3 question, or by e-mail): one message, not two.
  await openRevisitFor(tx, deps, { ticketId: ticket.id, dispatchId: row.id, replySummary: reply?.publicText }, now);
  // A confirmed cluster's lead speaks for its members: each gets this reply and a revisit of its own.
  await passLeadReplyToCluster(
    tx,
    deps,
    {
      leadTicketId: ticket.id,
      actor: input.actor,
      reply: reply
        ? { id: reply.id, dispatchId: row.id, unitId: row.unitId, result: reply.result, publicText: reply.publicText }
        : undefined,
    },
    now,
  );
  notifyUnit(tx, row.unitId, { action: 'reply_accepted', dispatchId: row.id, ticketId: row.ticketId });
  return reloadDispatch(tx, row.id);
}
