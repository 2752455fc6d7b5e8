import { and, asc, count, desc, eq, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  contacts,
  dispatches,
  revisitAttempts,
  revisits,
  slaClocks,
  ticketEvents,
  units,
} from '../../db/schema/index.ts';
import { nextRevisitAction, type RevisitAction, type RevisitResult } from '../../domain/followup/revisit.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor } from '../tickets.ts';
import { centreCalendar } from './calendar.ts';
import { enqueueMessage } from './outbox.ts';
import { startRehandle } from './rehandle.ts';
import { startRevisitClock, stopRevisitClock } from './revisitClock.ts';
import { type FollowupSettings, loadFollowupSettings } from './settings.ts';
import { changeTicketStatus, closeTicket, lockTicket } from './ticketState.ts';

export type Revisit = typeof revisits.$inferSelect;

const SYSTEM: Actor = { id: null, kind: 'system' };

/** The unit's reply to show the citizen: the latest 'dispatch.replied' event's text. */
async function replyOf(
  tx: Executor,
  ticketId: number,
  dispatchId: number | null,
): Promise<{ summary: string; unitName: string }> {
  const [ev] = await tx
    .select({ payload: ticketEvents.payload, dispatchId: ticketEvents.dispatchId })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticketId),
        eq(ticketEvents.action, 'dispatch.replied'),
        dispatchId ? eq(ticketEvents.dispatchId, dispatchId) : undefined,
      ),
    )
    .orderBy(desc(ticketEvents.id))
    .limit(1);
  const p = ev?.payload ?? {};
  const text = ['summary', 'reply', 'replyText', 'content', 'text', 'result']
    .map((k) => p[k])
    .find((v) => typeof v === 'string');
  let unitName = '';
  const dId = dispatchId ?? ev?.dispatchId ?? null;
  if (dId) {
    const [u] = await tx
      .select({ name: units.name })
      .from(dispatches)
      .innerJoin(units, eq(units.id, dispatches.unitId))
      .where(eq(dispatches.id, dId))
      .limit(1);
    unitName = u?.name ?? '';
  }
  return { summary: typeof text === 'string' ? text : '', unitName: unitName || '承办单位' };
}

export interface OpenRevisitResult {
  revisitId: number;
  method: 'sms' | 'phone';
  dueAt: Date;
  created: boolean;
}

/**
 * Called when the centre accepts a unit's reply: the ticket enters 'revisit', a revisit row is due within
 * the configured working time, and the citizen gets the SMS asking for 1/2/3 (or, without SMS, the
 * revisit goes straight to the agents' phone queue). Idempotent: a second call returns the open revisit.
 * A citizen with no phone cannot be revisited: the ticket closes as 'no_revisit' (the reply is e-mailed
 * when there is an address).
 */
export async function openRevisit(
  tx: Executor,
  deps: Deps,
  args: { ticketId: number; dispatchId: number | null; replySummary?: string },
  now: Date,
): Promise<OpenRevisitResult | null> {
  const ticket = await lockTicket(tx, args.ticketId);
  const [open] = await tx
    .select()
    .from(revisits)
    .where(and(eq(revisits.ticketId, ticket.id), eq(revisits.status, 'open')))
    .limit(1);
  if (open) return { revisitId: open.id, method: open.method as 'sms' | 'phone', dueAt: open.dueAt, created: false };
  if (ticket.status === 'closed' || ticket.status === 'merged') return null;

  const settings = await loadFollowupSettings(tx);
  const contact = ticket.contactId
    ? ((await tx.select().from(contacts).where(eq(contacts.id, ticket.contactId)).limit(1))[0] ?? null)
    : null;
  const reply = await replyOf(tx, ticket.id, args.dispatchId);
  const replySummary = args.replySummary ?? reply.summary;

  if (!contact?.phone) {
    if (contact?.email) {
      await enqueueMessage(
        tx,
        deps,
        {
          ticketId: ticket.id,
          channel: 'email',
          template: 'ticket.replied',
          vars: { unitName: reply.unitName, replySummary },
          idempotencyKey: `replied-${ticket.id}-${args.dispatchId ?? 0}`,
        },
        now,
      );
    }
    await closeTicket(tx, ticket, 'no_revisit', SYSTEM, now, { why: 'no phone number' });
    return null;
  }

  const [{ n }] = await tx.select({ n: count() }).from(revisits).where(eq(revisits.ticketId, ticket.id));
  const method: 'sms' | 'phone' = contact.smsOptOut ? 'phone' : 'sms';
  const clock = await startRevisitClock(tx, deps, { ticketId: ticket.id, dispatchId: args.dispatchId }, settings, now);
  const smsWindowEndsAt = method === 'sms' ? (clock.warnAt ?? clock.dueAt) : null;
  const [row] = await tx
    .insert(revisits)
    .values({
      ticketId: ticket.id,
      dispatchId: args.dispatchId,
      round: Number(n) + 1,
      method,
      status: 'open',
      dueAt: clock.dueAt,
      smsWindowEndsAt,
      phoneQueuedAt: method === 'phone' ? now : null,
      nextAttemptAt: method === 'phone' ? now : null,
      clockId: clock.clockId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'revisit insert returned nothing');
  await changeTicketStatus(tx, {
    ticket,
    to: 'revisit',
    action: 'revisit.due',
    actor: SYSTEM,
    at: now,
    dispatchId: args.dispatchId,
    payload: { revisitId: row.id, method, round: row.round, dueAt: clock.dueAt.toISOString() },
  });
  if (method === 'sms') {
    const msg = await enqueueMessage(
      tx,
      deps,
      {
        ticketId: ticket.id,
        channel: 'sms',
        template: 'revisit.sms',
        vars: { unitName: reply.unitName, replySummary },
        idempotencyKey: `revisit-${row.id}`,
      },
      now,
    );
    if (msg) await tx.update(revisits).set({ smsMessageId: msg.messageId }).where(eq(revisits.id, row.id));
  }
  return { revisitId: row.id, method, dueAt: clock.dueAt, created: true };
}

export interface RecordResultInput {
  revisitId: number;
  result: RevisitResult;
  comment?: string | null;
  via: 'sms' | 'phone';
  actor: Actor;
  messageId?: number | null;
  /** Only for dissatisfied: the dispatcher's pick for the new round (default the same unit). */
  unitId?: number;
}

export interface RecordResultOutcome {
  ticketId: number;
  ticketNo: string;
  action: RevisitAction | { kind: 'review' };
}

async function lockRevisit(tx: Executor, revisitId: number): Promise<Revisit> {
  const [r] = await tx.select().from(revisits).where(eq(revisits.id, revisitId)).for('update').limit(1);
  if (!r) throw new AppError('not_found', `回访 ${revisitId} 不存在`);
  return r;
}

/**
 * Records one revisit result and does what follows: satisfied/basically → closed; dissatisfied →
 * re-handle (or a dispatcher's review, by setting); unreachable → the next attempt on the retry plan, or
 * closed as unreachable after the last one.
 */
export async function recordRevisitResult(
  tx: Executor,
  deps: Deps,
  input: RecordResultInput,
  now: Date,
): Promise<RecordResultOutcome> {
  const ticketIdRow = await tx
    .select({ ticketId: revisits.ticketId })
    .from(revisits)
    .where(eq(revisits.id, input.revisitId));
  if (!ticketIdRow[0]) throw new AppError('not_found', `回访 ${input.revisitId} 不存在`);
  // Lock order ticket → revisit clock → revisit, as openRevisit and the timer worker (clock → revisit)
  // take them: the three never deadlock.
  const ticket = await lockTicket(tx, ticketIdRow[0].ticketId);
  await tx
    .select({ id: slaClocks.id })
    .from(slaClocks)
    .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.kind, 'revisit'), ne(slaClocks.status, 'stopped')))
    .for('update');
  const rv = await lockRevisit(tx, input.revisitId);
  if (rv.status !== 'open') throw conflict('该回访已记录结果', { revisitStatus: rv.status });
  if (input.result === 'unreachable' && input.via !== 'phone') {
    throw new AppError('validation', '“联系不上”只能由电话回访记录', {
      fields: [{ path: 'result', message: '需电话回访' }],
    });
  }
  const settings = await loadFollowupSettings(tx);
  const comment = input.comment?.trim() || null;
  await tx.insert(revisitAttempts).values({
    revisitId: rv.id,
    ticketId: rv.ticketId,
    at: now,
    channel: input.via,
    result: input.result,
    comment,
    actorId: input.actor.id,
    messageId: input.messageId ?? null,
  });
  const attemptsMade = input.via === 'phone' ? rv.attempts + 1 : rv.attempts;
  const [first] = await tx
    .select({ at: revisitAttempts.at })
    .from(revisitAttempts)
    .where(and(eq(revisitAttempts.revisitId, rv.id), eq(revisitAttempts.channel, 'phone')))
    .orderBy(asc(revisitAttempts.id))
    .limit(1);
  const action = nextRevisitAction(input.result, {
    attemptsMade,
    firstAttemptAt: first?.at ?? now,
    now,
    cal: centreCalendar(),
    policy: settings,
  });
  const eventBase = {
    ticketId: rv.ticketId,
    action: 'revisit.recorded' as const,
    at: now,
    actorId: input.actor.id,
    actorKind: input.actor.kind,
    dispatchId: rv.dispatchId,
    requestId: input.actor.requestId,
  };
  const payload = { revisitId: rv.id, result: input.result, via: input.via, comment, attempt: attemptsMade };

  if (action.kind === 'retry') {
    await tx
      .update(revisits)
      .set({
        attempts: attemptsMade,
        method: 'phone',
        nextAttemptAt: action.at,
        phoneQueuedAt: rv.phoneQueuedAt ?? now,
        updatedAt: now,
        version: sql`${revisits.version} + 1`,
      })
      .where(eq(revisits.id, rv.id));
    await recordEvent(tx, { ...eventBase, payload: { ...payload, nextAttemptAt: action.at.toISOString() } });
    return { ticketId: rv.ticketId, ticketNo: ticket.ticketNo, action };
  }

  const reviewing = action.kind === 'rehandle' && settings.dissatisfiedMode === 'review';
  await tx
    .update(revisits)
    .set({
      status: reviewing ? 'awaiting_decision' : 'done',
      result: input.result,
      comment,
      attempts: attemptsMade,
      nextAttemptAt: null,
      recordedById: input.actor.id,
      recordedAt: now,
      recordedVia: input.via,
      updatedAt: now,
      version: sql`${revisits.version} + 1`,
    })
    .where(eq(revisits.id, rv.id));
  await recordEvent(tx, { ...eventBase, payload });
  await stopRevisitClock(tx, deps, rv.ticketId, now, `revisit ${input.result}`);

  if (action.kind === 'close') {
    await closeTicket(tx, ticket, action.closeReason, input.actor, now, { revisitId: rv.id, result: input.result });
    if (action.closeReason === 'unreachable') {
      await enqueueMessage(
        tx,
        deps,
        {
          ticketId: rv.ticketId,
          channel: 'sms',
          template: 'ticket.unreachable',
          vars: {},
          idempotencyKey: `unreachable-${rv.id}`,
        },
        now,
      );
    }
    return { ticketId: rv.ticketId, ticketNo: ticket.ticketNo, action };
  }
  if (reviewing) return { ticketId: rv.ticketId, ticketNo: ticket.ticketNo, action: { kind: 'review' } };
  const started = await startRehandle(
    tx,
    deps,
    { ticketId: rv.ticketId, unitId: input.unitId, reason: comment ? `回访不满意：${comment}` : '回访不满意' },
    now,
  );
  if (!started.started) {
    // Dispatch could not start the round by itself: a dispatcher decides (re-handle elsewhere or a ruling).
    await tx.update(revisits).set({ status: 'awaiting_decision', updatedAt: now }).where(eq(revisits.id, rv.id));
    deps.logger.warn({ revisitId: rv.id, why: started.why }, 'automatic re-handle refused; awaiting a dispatcher');
    return { ticketId: rv.ticketId, ticketNo: ticket.ticketNo, action: { kind: 'review' } };
  }
  return { ticketId: rv.ticketId, ticketNo: ticket.ticketNo, action };
}

/**
 * An SMS revisit that got no answer in its window goes to the agents' phone queue. Called by the revisit
 * clock's warning and by the follow-up sweep; a no-op when already answered or queued.
 */
export async function moveToPhoneQueue(tx: Executor, revisitId: number, now: Date, reason: string): Promise<boolean> {
  const moved = await tx
    .update(revisits)
    .set({
      method: 'phone',
      phoneQueuedAt: now,
      nextAttemptAt: now,
      updatedAt: now,
      version: sql`${revisits.version} + 1`,
    })
    .where(and(eq(revisits.id, revisitId), eq(revisits.status, 'open'), eq(revisits.method, 'sms')))
    .returning({ ticketId: revisits.ticketId, dispatchId: revisits.dispatchId });
  const row = moved[0];
  if (!row) return false;
  await recordEvent(tx, {
    ticketId: row.ticketId,
    action: 'revisit.phone_queued',
    at: now,
    actorKind: 'system',
    dispatchId: row.dispatchId,
    payload: { revisitId, queue: 'phone', reason },
  });
  return true;
}

/** Open SMS revisits whose answer window has passed → phone queue. Returns how many moved. */
export async function sweepSmsWindows(deps: Deps, now: Date, limit = 500): Promise<number> {
  const due = await deps.db
    .select({ id: revisits.id })
    .from(revisits)
    .where(and(eq(revisits.status, 'open'), eq(revisits.method, 'sms'), lte(revisits.smsWindowEndsAt, now)))
    .orderBy(asc(revisits.smsWindowEndsAt))
    .limit(limit);
  let moved = 0;
  for (const r of due) {
    if (await deps.db.transaction((tx) => moveToPhoneQueue(tx, r.id, now, 'sms_unanswered'))) moved++;
  }
  return moved;
}

export type { FollowupSettings };

/** An agent takes an open phone revisit (so two agents do not call the same citizen); 409 if another has it. */
export async function claimRevisit(tx: Executor, revisitId: number, userId: number, now: Date): Promise<void> {
  const [r] = await tx.select().from(revisits).where(eq(revisits.id, revisitId)).for('update');
  if (!r) throw new AppError('not_found', `回访 ${revisitId} 不存在`);
  if (r.status !== 'open') throw conflict('该回访已结束', { status: r.status });
  if (r.assignedToId && r.assignedToId !== userId)
    throw conflict('该回访已由其他话务员领取', { assignedToId: r.assignedToId });
  await tx.update(revisits).set({ assignedToId: userId, updatedAt: now }).where(eq(revisits.id, revisitId));
}
