import { and, asc, desc, eq, gte, lte, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { callEvents, calls, contacts, missedCalls, tickets, users } from '../../db/schema/index.ts';
import {
  type CallDirection,
  type CallEventData,
  type CallEventName,
  citizenNumber,
  mergeCallEvents,
} from '../../domain/intake/callRecord.ts';
import { normalizePhone } from '../../domain/phone.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';

export type CallRow = typeof calls.$inferSelect;

export interface CtiEvent {
  event: CallEventName;
  callId: string;
  from: string;
  to: string;
  direction: CallDirection;
  queue?: string | null;
  answeringNumber?: string | null;
  cause?: string | null;
  recordingUrl?: string | null;
  at?: Date;
}

const CLOSED_STATUSES = ['closed', 'merged'];

/** What an agent needs the moment the phone rings: who it is, what they asked before, what is still open. */
export async function callerProfile(db: Executor, phone: string | null, now: Date) {
  if (!phone) return { phone, contact: null, openTickets: [], recentTickets: [], missedCalls: 0 };
  const [contact] = await db
    .select({ id: contacts.id, name: contacts.name, phone: contacts.phone, email: contacts.email, note: contacts.note })
    .from(contacts)
    .where(eq(contacts.phone, phone))
    .limit(1);
  const summary = {
    id: tickets.id,
    ticketNo: tickets.ticketNo,
    title: tickets.title,
    status: tickets.status,
    type: tickets.type,
    channel: tickets.channel,
    createdAt: tickets.createdAt,
    dueAt: tickets.dueAt,
  };
  const [openTickets, recentTickets, missed] = contact
    ? await Promise.all([
        db
          .select(summary)
          .from(tickets)
          .where(and(eq(tickets.contactId, contact.id), notInArray(tickets.status, CLOSED_STATUSES)))
          .orderBy(desc(tickets.createdAt))
          .limit(20),
        db
          .select(summary)
          .from(tickets)
          .where(
            and(eq(tickets.contactId, contact.id), gte(tickets.createdAt, new Date(now.getTime() - 90 * 86_400_000))),
          )
          .orderBy(desc(tickets.createdAt))
          .limit(10),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(missedCalls)
          .where(and(eq(missedCalls.phone, phone), eq(missedCalls.status, 'pending'))),
      ])
    : [[], [], [{ n: 0 }]];
  const iso = <T extends { createdAt: Date; dueAt: Date | null }>(t: T) => ({
    ...t,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
  });
  return {
    phone,
    contact: contact ?? null,
    openTickets: openTickets.map(iso),
    recentTickets: recentTickets.map(iso),
    missedCalls: missed[0]?.n ?? 0,
  };
}

export type CallerProfile = Awaited<ReturnType<typeof callerProfile>>;

export interface CtiOutcome {
  duplicate: boolean;
  call: CallRow;
  /** The agent whose extension answered (screen pop target). */
  agentId: number | null;
  missedCallCreated: boolean;
}

/**
 * Stores one PBX event (a redelivery of the same (callId, event) changes nothing) and recomputes the call
 * record from all its events, so out-of-order arrival still gives the right waiting and talking time. The
 * callback list follows: a hang-up before answer is a missed call; an answered call from (or an answered
 * call-back to) that number clears its pending missed calls.
 */
export async function recordCallEvent(deps: Deps, e: CtiEvent): Promise<CtiOutcome> {
  const now = deps.clock.now();
  const at = e.at ?? now;
  return deps.db.transaction(async (tx) => {
    // Upsert-and-lock the call row first: concurrent events of one call take turns from here.
    const [locked] = await tx
      .insert(calls)
      .values({
        callId: e.callId,
        direction: e.direction,
        fromNumber: e.from,
        toNumber: e.to,
        status: 'ringing',
        offeredAt: at,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: calls.callId, set: { callId: sql`excluded.call_id` } })
      .returning();
    if (!locked) throw new AppError('internal', 'call upsert returned nothing');
    const payload: Record<string, unknown> = {
      from: e.from,
      to: e.to,
      direction: e.direction,
      queue: e.queue ?? null,
      answeringNumber: e.answeringNumber ?? null,
      cause: e.cause ?? null,
      recordingUrl: e.recordingUrl ?? null,
    };
    const inserted = await tx
      .insert(callEvents)
      .values({ callId: e.callId, event: e.event, at, receivedAt: now, payload })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (inserted.length === 0) {
      return { duplicate: true, call: locked, agentId: locked.agentId, missedCallCreated: false };
    }
    const all = await tx
      .select()
      .from(callEvents)
      .where(eq(callEvents.callId, e.callId))
      .orderBy(asc(callEvents.at), asc(callEvents.id));
    const record = mergeCallEvents(
      all.map(
        (r): CallEventData => ({
          event: r.event as CallEventName,
          at: r.at,
          from: String(r.payload.from ?? ''),
          to: (r.payload.to as string | null) ?? null,
          direction: r.payload.direction === 'out' ? 'out' : 'in',
          queue: (r.payload.queue as string | null) ?? null,
          answeringNumber: (r.payload.answeringNumber as string | null) ?? null,
          cause: (r.payload.cause as string | null) ?? null,
          recordingUrl: (r.payload.recordingUrl as string | null) ?? null,
        }),
      ),
    );
    const rawNumber = citizenNumber(record);
    const phone = rawNumber ? normalizePhone(rawNumber) : null;
    const [contact] = phone
      ? await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.phone, phone)).limit(1)
      : [];
    const [agent] = record.answeringNumber
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.extension, record.answeringNumber), eq(users.active, true)))
          .limit(1)
      : [];
    const [call] = await tx
      .update(calls)
      .set({
        ...record,
        phone,
        contactId: contact?.id ?? null,
        agentId: agent?.id ?? null,
        updatedAt: now,
      })
      .where(eq(calls.id, locked.id))
      .returning();
    if (!call) throw new AppError('internal', 'call update returned nothing');

    let missedCallCreated = false;
    if (record.status === 'missed') {
      const created = await tx
        .insert(missedCalls)
        .values({
          callId: e.callId,
          phone,
          fromNumber: record.fromNumber,
          contactId: contact?.id ?? null,
          queue: record.queue,
          missedAt: record.endedAt ?? at,
          waitSeconds: record.waitSeconds,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: missedCalls.id });
      missedCallCreated = created.length > 0;
    } else if (record.status === 'answered' || record.status === 'completed') {
      // A hang-up that arrived before its answer had made this call look missed: it was not.
      await tx.delete(missedCalls).where(and(eq(missedCalls.callId, e.callId), eq(missedCalls.status, 'pending')));
      if (phone) {
        await tx
          .update(missedCalls)
          .set({
            status: record.direction === 'in' ? 'got_through' : 'called_back',
            clearedAt: record.answeredAt ?? at,
            clearedById: record.direction === 'out' ? (agent?.id ?? null) : null,
            clearedByCallId: e.callId,
            updatedAt: now,
          })
          .where(
            and(
              eq(missedCalls.phone, phone),
              eq(missedCalls.status, 'pending'),
              lte(missedCalls.missedAt, record.answeredAt ?? at),
            ),
          );
      }
    }
    return { duplicate: false, call, agentId: agent?.id ?? null, missedCallCreated };
  });
}

/** The agent's "called back" action on the callback list; an unanswered attempt is counted, not cleared. */
export async function markCalledBack(
  tx: Executor,
  id: number,
  input: { reached: boolean; note?: string | null },
  userId: number,
  now: Date,
) {
  const [m] = await tx.select().from(missedCalls).where(eq(missedCalls.id, id)).for('update');
  if (!m) throw new AppError('not_found', '未接来电不存在');
  if (m.status !== 'pending') throw new AppError('conflict', '该未接来电已处理');
  const [row] = await tx
    .update(missedCalls)
    .set({
      attempts: m.attempts + 1,
      lastAttemptAt: now,
      note: input.note ?? m.note,
      ...(input.reached ? { status: 'called_back', clearedAt: now, clearedById: userId } : {}),
      updatedAt: now,
    })
    .where(eq(missedCalls.id, id))
    .returning();
  if (!row) throw new AppError('internal', 'missed call update returned nothing');
  if (input.reached && m.phone) {
    // One successful call-back answers every missed call from the same number so far.
    await tx
      .update(missedCalls)
      .set({ status: 'called_back', clearedAt: now, clearedById: userId, updatedAt: now })
      .where(and(eq(missedCalls.phone, m.phone), eq(missedCalls.status, 'pending'), lte(missedCalls.missedAt, now)));
  }
  return row;
}
