import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, revisits } from '../../db/schema/index.ts';
import { isOpen } from '../../domain/dispatch/states.ts';
import type { Deps } from '../deps.ts';
import { cancelDispatch } from '../dispatch/transfer.ts';
import type { DispatchActor } from '../dispatch/types.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { enqueueMessage } from './outbox.ts';
import { startRehandle } from './rehandle.ts';
import { closeTicket, lockTicket } from './ticketState.ts';

async function dissatisfiedRevisit(tx: Executor, revisitId: number) {
  const [r] = await tx.select().from(revisits).where(eq(revisits.id, revisitId)).for('update');
  if (!r) throw new AppError('not_found', `回访 ${revisitId} 不存在`);
  if (r.result !== 'dissatisfied') throw conflict('只有“不满意”的回访可以裁定或重办', { result: r.result });
  if (r.ruling) throw conflict('该不满意已裁定', { ruling: r.ruling });
  const [newer] = await tx
    .select({ id: revisits.id })
    .from(revisits)
    .where(and(eq(revisits.ticketId, r.ticketId), gt(revisits.id, r.id)))
    .limit(1);
  if (newer) throw conflict('该工单已有更新的回访，此次不满意已成历史', { newerRevisitId: newer.id });
  return r;
}

/**
 * A supervisor rules a dissatisfaction unreasonable (不合理不满意, e.g. the demand is outside policy): the
 * ruling and its reason are recorded, a re-handle round already started is withdrawn, and the ticket
 * closes as 'ruled'. The KPI counts the revisit as ruled, not as a plain dissatisfied.
 */
export async function ruleUnreasonable(
  tx: Executor,
  deps: Deps,
  input: { revisitId: number; reason: string; actor: DispatchActor },
  now: Date,
): Promise<{ ticketId: number }> {
  const [ref] = await tx.select({ ticketId: revisits.ticketId }).from(revisits).where(eq(revisits.id, input.revisitId));
  if (!ref) throw new AppError('not_found', `回访 ${input.revisitId} 不存在`);
  await lockTicket(tx, ref.ticketId);
  const r = await dissatisfiedRevisit(tx, input.revisitId);
  const live = (
    await tx
      .select({ id: dispatches.id, status: dispatches.status })
      .from(dispatches)
      .where(eq(dispatches.ticketId, r.ticketId))
      .orderBy(desc(dispatches.id))
  ).filter((d) => isOpen(d.status));
  for (const d of live) {
    await cancelDispatch(
      tx,
      deps,
      { dispatchId: d.id, reason: `不满意经裁定不合理：${input.reason}`, actor: input.actor },
      now,
    );
  }
  await tx
    .update(revisits)
    .set({
      status: 'done',
      ruling: 'unreasonable',
      ruledById: input.actor.id,
      ruledAt: now,
      ruleReason: input.reason,
      updatedAt: now,
      version: sql`${revisits.version} + 1`,
    })
    .where(eq(revisits.id, r.id));
  await recordEvent(tx, {
    ticketId: r.ticketId,
    action: 'revisit.ruled_unreasonable',
    at: now,
    actorId: input.actor.id,
    actorKind: input.actor.kind,
    payload: { revisitId: r.id, reason: input.reason, withdrawnDispatchIds: live.map((d) => d.id) },
    requestId: input.actor.requestId ?? null,
  });
  const ticket = await lockTicket(tx, r.ticketId);
  if (ticket.status !== 'closed') {
    await closeTicket(tx, ticket, 'ruled', input.actor, now, { revisitId: r.id, reason: input.reason });
    await enqueueMessage(
      tx,
      deps,
      { ticketId: r.ticketId, template: 'ticket.closed', vars: {}, idempotencyKey: `ruled-${r.id}` },
      now,
    );
  }
  return { ticketId: r.ticketId };
}

/**
 * A dispatcher confirms the re-handle of a dissatisfied revisit parked for a decision (review mode, or an
 * automatic re-handle Dispatch refused), optionally to another unit.
 */
export async function confirmRehandle(
  tx: Executor,
  deps: Deps,
  input: { revisitId: number; unitId?: number; reason?: string | null; actor: DispatchActor },
  now: Date,
): Promise<{ ticketId: number; dispatchId: number }> {
  const [ref] = await tx.select({ ticketId: revisits.ticketId }).from(revisits).where(eq(revisits.id, input.revisitId));
  if (!ref) throw new AppError('not_found', `回访 ${input.revisitId} 不存在`);
  await lockTicket(tx, ref.ticketId);
  const r = await dissatisfiedRevisit(tx, input.revisitId);
  if (r.status !== 'awaiting_decision') throw conflict('该回访不在待决定状态', { status: r.status });
  const started = await startRehandle(
    tx,
    deps,
    {
      ticketId: r.ticketId,
      unitId: input.unitId,
      actor: input.actor,
      reason: input.reason?.trim() || (r.comment ? `回访不满意：${r.comment}` : '回访不满意'),
    },
    now,
  );
  if (!started.started) throw conflict(started.why);
  await tx
    .update(revisits)
    .set({ status: 'done', ruling: 'rehandle', ruledById: input.actor.id, ruledAt: now, updatedAt: now })
    .where(and(eq(revisits.id, r.id), inArray(revisits.status, ['awaiting_decision'])));
  return { ticketId: r.ticketId, dispatchId: started.dispatchId };
}
