import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, dispatchReplies, tickets, units } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import { openRevisit } from '../followup/revisits.ts';
import { clusterTicketIds } from '../intake/clusters.ts';
import { stopClock } from '../sla/index.ts';
import type { Actor } from '../tickets.ts';
import { lockTicket } from './core.ts';

/** The accepted reply the lead of a cluster speaks with. */
export interface LeadReply {
  id: number;
  dispatchId: number;
  unitId: number;
  result: string;
  publicText: string;
}

/** Lead ticket statuses that stand on an accepted reply (a re-handle in progress does not). */
const ANSWERED = new Set(['revisit', 'closed']);

/** The lead ticket's latest accepted reply of a lead dispatch, if any. */
export async function latestAcceptedReply(tx: Executor, ticketId: number): Promise<LeadReply | null> {
  const [r] = await tx
    .select({
      id: dispatchReplies.id,
      dispatchId: dispatchReplies.dispatchId,
      unitId: dispatchReplies.unitId,
      result: dispatchReplies.result,
      publicText: dispatchReplies.publicText,
    })
    .from(dispatchReplies)
    .innerJoin(dispatches, eq(dispatches.id, dispatchReplies.dispatchId))
    .where(
      and(
        eq(dispatchReplies.ticketId, ticketId),
        eq(dispatchReplies.reviewStatus, 'accepted'),
        eq(dispatches.role, 'lead'),
      ),
    )
    .orderBy(desc(dispatchReplies.id))
    .limit(1);
  return r ?? null;
}

/**
 * 群体事件答复: one dispatch served the cluster, and every citizen still gets their own reply and revisit.
 * Each confirmed member the lead speaks for (status `merged`, still in the cluster) gets the lead's
 * accepted public reply: `merged → replied` with its own `ticket.cluster_reply` event (lead id, reply,
 * unit), any stray sign/handle/return clock of its own stopped as the lead's handle clock was at the
 * reply, then Follow-up's openRevisit (→ `revisit`, its own revisit clock and the citizen's SMS quoting
 * the reply, or the e-mail/`no_revisit` path). Runs in the caller's transaction after the lead's
 * acceptance (lock order: lead ticket, then members by id).
 *
 * Idempotent: a member already answered is no longer `merged`, so accepting again, a later acceptance
 * after a re-handle of the lead, or re-running this passes nothing twice. Members with a dispatch of
 * their own (joined while already dispatched, or re-handled alone after a dissatisfied revisit) are not
 * spoken for. Without `reply`, the lead's latest accepted reply is used, and only while the lead stands
 * on it (`revisit` or `closed`): a member confirmed into an answered cluster gets the answer at once.
 * Returns the member tickets answered.
 */
export async function passLeadReplyToCluster(
  tx: Executor,
  deps: Deps,
  input: { leadTicketId: number; actor: Actor; reply?: LeadReply },
  now: Date,
): Promise<number[]> {
  const memberIds = (await clusterTicketIds(tx, input.leadTicketId)).filter((id) => id !== input.leadTicketId);
  if (memberIds.length === 0) return [];
  const lead = await lockTicket(tx, input.leadTicketId);
  let reply = input.reply ?? null;
  if (!reply) {
    if (!ANSWERED.has(lead.status)) return [];
    reply = await latestAcceptedReply(tx, lead.id);
    if (!reply) return [];
  }
  const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, reply.unitId));
  const members = await tx
    .select()
    .from(tickets)
    .where(inArray(tickets.id, memberIds))
    .orderBy(asc(tickets.id))
    .for('update');
  const answered: number[] = [];
  for (const m of members) {
    if (m.status !== 'merged' || m.clusterId === null) continue;
    for (const kind of ['sign', 'handle', 'return_decision'] as const) {
      await stopClock(tx, deps, { ticketId: m.id, kind }, now, 'cluster_replied');
    }
    await tx
      .update(tickets)
      .set({ status: 'replied', updatedAt: now, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, m.id));
    await recordEvent(tx, {
      ticketId: m.id,
      action: 'ticket.cluster_reply',
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      unitId: reply.unitId,
      fromStatus: m.status,
      toStatus: 'replied',
      payload: {
        clusterId: m.clusterId,
        leadTicketId: lead.id,
        leadTicketNo: lead.ticketNo,
        dispatchId: reply.dispatchId,
        replyId: reply.id,
        unitName: unit?.name ?? null,
        result: reply.result,
        summary: reply.publicText,
      },
      requestId: input.actor.requestId ?? null,
    });
    // The lead's dispatch is the one revisited: the SMS names its unit, and the KPI counts the answer there.
    await openRevisit(tx, deps, { ticketId: m.id, dispatchId: reply.dispatchId, replySummary: reply.publicText }, now);
    answered.push(m.id);
  }
  return answered;
}
