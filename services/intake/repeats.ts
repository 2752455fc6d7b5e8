import { and, desc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import { findRepeatOf, REPEAT_WINDOW_DAYS, type RepeatMatch, type RepeatPrior } from '../../domain/intake/repeat.ts';
import { AppError, notFound } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor, Ticket } from '../tickets.ts';

const OPEN_STATUSES = new Set(['registered', 'dispatched', 'handling', 'replied', 'revisit']);

/** The same citizen's tickets of the last 30 days, newest first: the candidates a new one may repeat. */
export async function repeatPriors(tx: Executor, contactId: number, before: Date, excludeId: number) {
  const since = new Date(before.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  return tx
    .select({
      id: tickets.id,
      ticketNo: tickets.ticketNo,
      contactId: tickets.contactId,
      categoryId: tickets.categoryId,
      title: tickets.title,
      content: tickets.content,
      createdAt: tickets.createdAt,
      repeatOfId: tickets.repeatOfId,
      status: tickets.status,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.contactId, contactId),
        gte(tickets.createdAt, since),
        lte(tickets.createdAt, before),
        ne(tickets.id, excludeId),
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(50);
}

export interface RepeatLink {
  originalId: number;
  originalTicketNo: string;
  similarity: number;
  /** The original is still being handled: this one is merged into it and not dispatched again. */
  merged: boolean;
}

/**
 * Links `ticket` to the original of the same matter. While the original is open the repeat is merged
 * (not dispatched again); when it was already closed the repeat stays registered so the centre reopens
 * the matter with the history in front of it.
 */
export async function linkRepeat(
  tx: Executor,
  ticket: Pick<Ticket, 'id' | 'status'>,
  original: { id: number; ticketNo: string; status: string },
  how: { similarity: number; auto: boolean },
  actor: Actor,
  now: Date,
): Promise<RepeatLink> {
  const merged = OPEN_STATUSES.has(original.status) && ticket.status === 'registered';
  const toStatus = merged ? 'merged' : ticket.status;
  await tx
    .update(tickets)
    .set({
      repeatOfId: original.id,
      status: toStatus,
      updatedAt: now,
      version: sqlIncrement(),
    })
    .where(eq(tickets.id, ticket.id));
  await recordEvent(tx, {
    ticketId: ticket.id,
    action: 'ticket.repeat_linked',
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    fromStatus: ticket.status,
    toStatus,
    payload: {
      originalId: original.id,
      originalTicketNo: original.ticketNo,
      similarity: Math.round(how.similarity * 100) / 100,
      auto: how.auto,
      merged,
    },
    requestId: actor.requestId,
  });
  return { originalId: original.id, originalTicketNo: original.ticketNo, similarity: how.similarity, merged };
}

function sqlIncrement() {
  return sql`${tickets.version} + 1`;
}

/**
 * Intake's automatic check: a new citizen ticket that repeats an earlier one is linked at once. `known`
 * are the citizen's recent tickets when the caller already fetched them (insertIntakeTickets does).
 */
export async function detectAndLinkRepeat(
  tx: Executor,
  ticket: Ticket,
  actor: Actor,
  now: Date,
  known?: Array<RepeatPrior & { ticketNo: string; status: string }>,
): Promise<RepeatLink | null> {
  if (ticket.contactId === null) return null;
  const priors = known ?? (await repeatPriors(tx, ticket.contactId, ticket.createdAt, ticket.id));
  const match: RepeatMatch | null = findRepeatOf(ticket, priors);
  if (!match) return null;
  const original =
    priors.find((p) => p.id === match.originalId) ??
    (await tx
      .select({ id: tickets.id, ticketNo: tickets.ticketNo, status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, match.originalId))
      .then((r) => r[0]));
  if (!original) return null;
  return linkRepeat(tx, ticket, original, { similarity: match.similarity, auto: true }, actor, now);
}

/** The agent's or dispatcher's decision: this ticket repeats that one. */
export async function linkRepeatManually(
  tx: Executor,
  ticketId: number,
  originalId: number,
  actor: Actor,
  now: Date,
): Promise<RepeatLink> {
  if (ticketId === originalId) {
    throw new AppError('validation', '不能与自身关联', { fields: [{ path: 'originalId', message: '不能是本工单' }] });
  }
  const rows = await tx
    .select({ id: tickets.id, ticketNo: tickets.ticketNo, status: tickets.status, repeatOfId: tickets.repeatOfId })
    .from(tickets)
    .where(sql`${tickets.id} in (${ticketId}, ${originalId})`)
    .for('update');
  const ticket = rows.find((r) => r.id === ticketId);
  let original = rows.find((r) => r.id === originalId);
  if (!ticket) throw notFound('工单');
  if (!original) {
    throw new AppError('validation', '原工单不存在', { fields: [{ path: 'originalId', message: '工单不存在' }] });
  }
  if (ticket.repeatOfId !== null) throw new AppError('conflict', '该工单已关联为重复件，请先解除关联');
  if (original.repeatOfId !== null) {
    // Always link to the root of the matter.
    const [root] = await tx
      .select({ id: tickets.id, ticketNo: tickets.ticketNo, status: tickets.status, repeatOfId: tickets.repeatOfId })
      .from(tickets)
      .where(eq(tickets.id, original.repeatOfId));
    if (root) original = root;
  }
  if (original.id === ticketId) throw new AppError('conflict', '原工单本身是本工单的重复件');
  return linkRepeat(tx, ticket, original, { similarity: 1, auto: false }, actor, now);
}

/** Undo a wrong link: the ticket goes back to the dispatch queue if it had been merged. */
export async function unlinkRepeat(tx: Executor, ticketId: number, actor: Actor, reason: string, now: Date) {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket) throw notFound('工单');
  if (ticket.repeatOfId === null) throw new AppError('conflict', '该工单不是重复件');
  const toStatus = ticket.status === 'merged' && ticket.clusterId === null ? 'registered' : ticket.status;
  await tx
    .update(tickets)
    .set({ repeatOfId: null, status: toStatus, updatedAt: now, version: sqlIncrement() })
    .where(eq(tickets.id, ticketId));
  await recordEvent(tx, {
    ticketId,
    action: 'ticket.repeat_unlinked',
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    fromStatus: ticket.status,
    toStatus,
    payload: { originalId: ticket.repeatOfId, reason },
    requestId: actor.requestId,
  });
  return { ticketId, status: toStatus };
}
