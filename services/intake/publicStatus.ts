import { timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { ticketEvents, tickets } from '../../db/schema/index.ts';
import { publicReply, publicStatusLabel, publicTimeline } from '../../domain/intake/publicView.ts';
import { labels } from '../../domain/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b.toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The citizen's view of their ticket: status, milestones and the public reply, given the ticket number
 * and its query code. A wrong code and an unknown number give the same 404, so numbers cannot be probed.
 */
export async function publicTicketStatus(deps: Deps, ticketNo: string, code: string) {
  const [t] = await deps.readDb
    .select({
      id: tickets.id,
      ticketNo: tickets.ticketNo,
      queryCode: tickets.queryCode,
      status: tickets.status,
      closeReason: tickets.closeReason,
      channel: tickets.channel,
      type: tickets.type,
      title: tickets.title,
      confidential: tickets.confidential,
      createdAt: tickets.createdAt,
      closedAt: tickets.closedAt,
    })
    .from(tickets)
    .where(eq(tickets.ticketNo, ticketNo))
    .limit(1);
  if (!t || !sameCode(t.queryCode, code)) throw notFound('工单（或查询码不正确）');
  const events = await deps.readDb
    .select({ action: ticketEvents.action, at: ticketEvents.at, payload: ticketEvents.payload })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, t.id))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
  return {
    ticketNo: t.ticketNo,
    status: t.status,
    statusLabel: publicStatusLabel(t.status),
    channel: t.channel,
    channelLabel: labels.channel[t.channel],
    type: t.type,
    typeLabel: labels.ticketType[t.type],
    title: t.title,
    createdAt: t.createdAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
    timeline: publicTimeline(events),
    reply: publicReply(events),
  };
}
