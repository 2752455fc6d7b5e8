import { and, desc, eq, isNull, lte, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, infoRequests, messages, tickets, users } from '../../db/schema/index.ts';
import { endOfNthWorkingDay } from '../../domain/calendar/index.ts';
import { chineseDate } from '../../domain/calendar/time.ts';
import { clip } from '../../domain/followup/templates.ts';
import { publishQuietly } from '../bus.ts';
import { calendarForUnit } from '../calendars.ts';
import type { Deps } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { pauseClock, resumeClock } from '../sla/clocks.ts';
import { scheduleClockTimers } from '../sla/timers.ts';
import type { Actor } from '../tickets.ts';
import { isUniqueViolation } from '../tickets.ts';
import { enqueueMessage } from './outbox.ts';

/** How long the citizen has to answer: to the end of the 3rd working day after the request. */
export const INFO_REQUEST_WORKING_DAYS = 3;

/** Ticket states in which the centre or a unit may still ask: the matter is not answered yet. */
const ASKABLE = new Set(['registered', 'dispatched', 'handling']);

export type InfoRequest = typeof infoRequests.$inferSelect;

export const INFO_REQUEST_STATUSES = ['open', 'answered', 'expired', 'cancelled'] as const;
export type InfoRequestStatus = (typeof INFO_REQUEST_STATUSES)[number];

export interface InfoRequestView {
  id: number;
  ticketId: number;
  question: string;
  status: InfoRequestStatus;
  requestedAt: string;
  dueAt: string;
  answeredAt: string | null;
  answerText: string | null;
  requestedById: number | null;
  requestedByName: string | null;
}

function toInfoRequestView(r: InfoRequest & { requestedByName?: string | null }): InfoRequestView {
  return {
    id: r.id,
    ticketId: r.ticketId,
    question: r.question,
    status: r.status as InfoRequestStatus,
    requestedAt: r.requestedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    answerText: r.answerText,
    requestedById: r.requestedById,
    requestedByName: r.requestedByName ?? null,
  };
}

async function selectViews(db: Executor, where: SQL) {
  const rows = await db
    .select({ r: infoRequests, requestedByName: users.displayName })
    .from(infoRequests)
    .leftJoin(users, eq(users.id, infoRequests.requestedById))
    .where(where)
    .orderBy(desc(infoRequests.id));
  return rows.map(({ r, requestedByName }) => toInfoRequestView({ ...r, requestedByName }));
}

export function listInfoRequests(db: Executor, ticketId: number): Promise<InfoRequestView[]> {
  return selectViews(db, eq(infoRequests.ticketId, ticketId));
}

export async function loadInfoRequestView(db: Executor, id: number): Promise<InfoRequestView> {
  const [view] = await selectViews(db, eq(infoRequests.id, id));
  if (!view) throw notFound('补充请求');
  return view;
}

/**
 * 请市民补充材料: puts a question to the citizen, pauses the ticket's running handling clocks (the time the
 * citizen takes is not the unit's; a sign window or a centre's decision does not wait for the citizen), and
 * texts or mails the question through the outbox. One open request per ticket. Paused clocks fire no
 * timers, so nothing is scheduled here; resumption schedules.
 */
export async function requestCitizenInfo(
  tx: Executor,
  deps: Deps,
  input: { ticketId: number; question: string; actor: Actor; dispatchId?: number | null },
  now: Date,
): Promise<InfoRequest> {
  const [ticket] = await tx
    .select({ id: tickets.id, status: tickets.status, contactId: tickets.contactId })
    .from(tickets)
    .where(eq(tickets.id, input.ticketId))
    .for('update');
  if (!ticket) throw notFound('工单');
  if (!ASKABLE.has(ticket.status)) throw conflict('工单当前状态不能请市民补充材料', { status: ticket.status });
  if (ticket.contactId === null) throw conflict('该工单没有市民的联系方式，无法请其补充');
  // The ticket's calendar is its handling unit's when it has one: the answer window is counted like its clocks.
  const [lead] = await tx
    .select({ unitId: dispatches.unitId })
    .from(dispatches)
    .where(and(eq(dispatches.ticketId, ticket.id), eq(dispatches.role, 'lead')))
    .orderBy(desc(dispatches.id))
    .limit(1);
  const cal = await calendarForUnit(tx, lead?.unitId ?? null);
  const dueAt = endOfNthWorkingDay(cal.calendar, now, INFO_REQUEST_WORKING_DAYS);
  let row: InfoRequest | undefined;
  try {
    [row] = await tx
      .insert(infoRequests)
      .values({
        ticketId: ticket.id,
        dispatchId: input.dispatchId ?? null,
        question: input.question,
        requestedById: input.actor.kind === 'user' ? input.actor.id : null,
        requestedAt: now,
        dueAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('该工单已有等待市民补充的请求');
    throw err;
  }
  if (!row) throw notFound('补充请求');
  const paused = await pauseClock(
    tx,
    deps,
    { ticketId: ticket.id, kind: 'handle' },
    now,
    '等待市民补充材料',
    input.actor.id,
  );
  await recordEvent(tx, {
    ticketId: ticket.id,
    action: 'ticket.info_requested',
    at: now,
    actorId: input.actor.id,
    actorKind: input.actor.kind,
    dispatchId: input.dispatchId ?? null,
    payload: { infoRequestId: row.id, question: input.question, dueAt: dueAt.toISOString(), pausedClocks: paused },
    requestId: input.actor.requestId,
  });
  await enqueueMessage(
    tx,
    deps,
    {
      ticketId: ticket.id,
      template: 'ticket.info_request',
      // The template ends the question with its own full stop.
      vars: { question: input.question.replace(/[。．.！!？?；;，,\s]+$/u, ''), dueDate: chineseDate(dueAt) },
      idempotencyKey: `info-request:${row.id}`,
    },
    now,
  );
  return row;
}

/** Whether a request to the citizen is open on this ticket (a handling clock started now waits with it). */
export async function hasOpenInfoRequest(tx: Executor, ticketId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: infoRequests.id })
    .from(infoRequests)
    .where(and(eq(infoRequests.ticketId, ticketId), eq(infoRequests.status, 'open')))
    .limit(1);
  return row !== undefined;
}

type Ending = 'answered' | 'expired' | 'cancelled';

const ENDING_EVENT = {
  answered: 'ticket.info_provided',
  expired: 'ticket.info_request_expired',
  cancelled: 'ticket.info_request_cancelled',
} as const;

/**
 * Ends an open request (answer, expiry or withdrawal) and resumes the ticket's paused handling clocks, whose
 * deadlines move later by the working time spent waiting. Returns the resumed clock ids for
 * scheduleClockTimers after commit; null when the request was no longer open.
 */
async function endRequest(
  tx: Executor,
  deps: Deps,
  id: number,
  ending: Ending,
  detail: { actor: Actor; answerText?: string; messageId?: number | null; reason?: string; via?: string },
  now: Date,
): Promise<{ request: InfoRequest; resumed: number[] } | null> {
  const [request] = await tx
    .update(infoRequests)
    .set({
      status: ending,
      answeredAt: ending === 'answered' ? now : null,
      answerText: detail.answerText ?? null,
      answerMessageId: detail.messageId ?? null,
      updatedAt: now,
    })
    .where(and(eq(infoRequests.id, id), eq(infoRequests.status, 'open')))
    .returning();
  if (!request) return null;
  const reason = { answered: '市民已补充材料', expired: '市民逾期未补充', cancelled: '撤回补充请求' }[ending];
  const resumed = await resumeClock(
    tx,
    deps,
    { ticketId: request.ticketId, kind: 'handle' },
    now,
    reason,
    detail.actor.id,
  );
  await recordEvent(tx, {
    ticketId: request.ticketId,
    action: ENDING_EVENT[ending],
    at: now,
    actorId: detail.actor.id,
    actorKind: detail.actor.kind,
    dispatchId: request.dispatchId,
    payload: {
      infoRequestId: request.id,
      ...(detail.answerText !== undefined ? { text: clip(detail.answerText, 500) } : {}),
      ...(detail.messageId ? { messageId: detail.messageId } : {}),
      ...(detail.via ? { via: detail.via } : {}),
      ...(detail.reason ? { reason: detail.reason } : {}),
    },
    requestId: detail.actor.requestId,
  });
  return { request, resumed: resumed.map((r) => r.clockId) };
}

/**
 * A citizen's text or mail while one of their tickets waits for their answer: it answers the newest open
 * request (of `ticketId` when the channel knows the ticket, e.g. a threaded e-mail reply), and the message
 * is linked to that ticket. Null when nothing was waiting. Pass the result to afterInfoAnswered once the
 * transaction has committed.
 */
export async function answerInfoRequest(
  tx: Executor,
  deps: Deps,
  input: { contactId: number; ticketId?: number | null; text: string; messageId: number | null; via: 'sms' | 'email' },
  now: Date,
): Promise<{ ticketId: number; ticketNo: string; resumed: number[] } | null> {
  const [open] = await tx
    .select({ id: infoRequests.id, ticketId: infoRequests.ticketId, ticketNo: tickets.ticketNo })
    .from(infoRequests)
    .innerJoin(tickets, eq(tickets.id, infoRequests.ticketId))
    .where(
      and(
        eq(infoRequests.status, 'open'),
        eq(tickets.contactId, input.contactId),
        input.ticketId ? eq(infoRequests.ticketId, input.ticketId) : undefined,
      ),
    )
    .orderBy(desc(infoRequests.id))
    .limit(1);
  if (!open) return null;
  const ended = await endRequest(
    tx,
    deps,
    open.id,
    'answered',
    { actor: { id: null, kind: 'citizen' }, answerText: input.text, messageId: input.messageId, via: input.via },
    now,
  );
  if (!ended) return null;
  if (input.messageId) {
    await tx
      .update(messages)
      .set({ ticketId: open.ticketId, updatedAt: now })
      .where(and(eq(messages.id, input.messageId), isNull(messages.ticketId)));
  }
  return { ticketId: open.ticketId, ticketNo: open.ticketNo, resumed: ended.resumed };
}

export type InfoAnswer = NonNullable<Awaited<ReturnType<typeof answerInfoRequest>>>;

/** After the answer's transaction commits: the resumed clocks' timers, and the consoles' live refresh. */
export async function afterInfoAnswered(deps: Deps, answer: InfoAnswer | null): Promise<void> {
  if (!answer) return;
  await scheduleClockTimers(deps, answer.resumed);
  await publishQuietly(deps, {
    topic: 'ticket.info_provided',
    audience: ['role:dispatcher', 'role:agent', 'role:supervisor', 'role:unit_staff'],
    data: { id: answer.ticketId, ticketNo: answer.ticketNo },
  });
}

/** Withdraws an open request (asked by mistake, or answered by phone): the clocks run again. */
export async function cancelInfoRequest(
  deps: Deps,
  input: { id: number; actor: Actor; reason?: string },
): Promise<InfoRequest> {
  const now = deps.clock.now();
  const ended = await deps.db.transaction((tx) =>
    endRequest(tx, deps, input.id, 'cancelled', { actor: input.actor, reason: input.reason }, now),
  );
  if (!ended) {
    const [cur] = await deps.db.select().from(infoRequests).where(eq(infoRequests.id, input.id));
    if (!cur) throw notFound('补充请求');
    throw conflict('该补充请求已结束', { status: cur.status });
  }
  await scheduleClockTimers(deps, ended.resumed);
  return ended.request;
}

/**
 * The sweep: requests past their answer window expire one by one (each in its own transaction) and their
 * tickets' clocks run again. Idempotent; run by the maintenance worker and safe to run anywhere.
 */
export async function expireInfoRequests(deps: Deps, now: Date): Promise<number> {
  const due = await deps.db
    .select({ id: infoRequests.id })
    .from(infoRequests)
    .where(and(eq(infoRequests.status, 'open'), lte(infoRequests.dueAt, now)))
    .orderBy(infoRequests.dueAt);
  let expired = 0;
  for (const { id } of due) {
    const ended = await deps.db.transaction((tx) =>
      endRequest(tx, deps, id, 'expired', { actor: { id: null, kind: 'system' } }, now),
    );
    if (!ended) continue;
    expired++;
    await scheduleClockTimers(deps, ended.resumed);
  }
  return expired;
}
