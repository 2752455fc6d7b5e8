import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, tickets, units } from '../../db/schema/index.ts';
import type { Decision, DispatchSnapshot } from '../../domain/dispatch/machine.ts';
import type { DispatchState, ExtensionState } from '../../domain/dispatch/states.ts';
import type { EventAction, TicketStatus } from '../../domain/vocabulary.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Ticket } from '../tickets.ts';
import type { Dispatch, DispatchActor } from './types.ts';

/**
 * Locks the ticket row. Every dispatch operation locks its ticket first, then the dispatch rows: one
 * order everywhere, so two operations on one ticket queue up instead of deadlocking, and exactly one of
 * two simultaneous actions wins (the second sees the state the first left).
 */
export async function lockTicket(tx: Executor, ticketId: number): Promise<Ticket> {
  const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!t) throw notFound('工单');
  return t;
}

export async function lockDispatch(tx: Executor, dispatchId: number): Promise<{ dispatch: Dispatch; ticket: Ticket }> {
  const [ref] = await tx
    .select({ ticketId: dispatches.ticketId })
    .from(dispatches)
    .where(eq(dispatches.id, dispatchId));
  if (!ref) throw notFound('派单');
  const ticket = await lockTicket(tx, ref.ticketId);
  const [dispatch] = await tx.select().from(dispatches).where(eq(dispatches.id, dispatchId)).for('update');
  if (!dispatch) throw notFound('派单');
  return { dispatch, ticket };
}

export function snapshotOf(
  d: Pick<Dispatch, 'status' | 'extensionStatus' | 'role' | 'unitId' | 'signDueAt' | 'handleDueAt'>,
): DispatchSnapshot {
  return {
    state: d.status as DispatchState,
    extensionStatus: (d.extensionStatus as ExtensionState | null) ?? null,
    role: d.role,
    unitId: d.unitId,
    signDueAt: d.signDueAt,
    handleDueAt: d.handleDueAt,
  };
}

/** Turns a refusal of the state machine into the API error: 409 carries the current state. */
export function assertAllowed(
  decision: Decision,
  dispatchId: number,
): asserts decision is Extract<Decision, { ok: true }> {
  if (decision.ok) return;
  const details = {
    dispatchId,
    reason: decision.reason,
    currentState: decision.currentState,
    extensionStatus: decision.extensionStatus,
  };
  if (decision.code === 'bad_request') {
    throw new AppError('validation', decision.message, {
      ...details,
      fields: [{ path: decision.reason === 'due_at' ? 'dueAt' : decision.reason, message: decision.message }],
    });
  }
  if (decision.code === 'forbidden') throw new AppError('forbidden', decision.message, details);
  throw conflict(decision.message, details);
}

export async function saveDispatch(
  tx: Executor,
  id: number,
  set: Partial<typeof dispatches.$inferInsert>,
  now: Date,
): Promise<Dispatch> {
  const [row] = await tx
    .update(dispatches)
    .set({ ...set, updatedAt: now, version: sql`${dispatches.version} + 1` })
    .where(eq(dispatches.id, id))
    .returning();
  if (!row) throw notFound('派单');
  return row;
}

export async function reloadDispatch(tx: Executor, id: number): Promise<Dispatch> {
  const [row] = await tx.select().from(dispatches).where(eq(dispatches.id, id));
  if (!row) throw notFound('派单');
  return row;
}

/** Moves the ticket to a status (no-op when already there); returns the status it had. */
export async function setTicketStatus(tx: Executor, ticket: Ticket, to: TicketStatus, now: Date): Promise<string> {
  if (ticket.status === to) return to;
  await tx
    .update(tickets)
    .set({ status: to, updatedAt: now, version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, ticket.id));
  const from = ticket.status;
  ticket.status = to;
  return from;
}

export interface DispatchEventInput {
  action: EventAction;
  dispatch: Pick<Dispatch, 'id' | 'ticketId' | 'unitId'>;
  actor: DispatchActor;
  at: Date;
  from?: string | null;
  to?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * Dispatch events carry the dispatch's own state in fromStatus/toStatus (dispatchId is set); a ticket
 * status change caused by the same action is in payload.ticketFrom/ticketTo.
 */
export function dispatchEvent(tx: Executor, e: DispatchEventInput): Promise<void> {
  return recordEvent(tx, {
    ticketId: e.dispatch.ticketId,
    dispatchId: e.dispatch.id,
    unitId: e.dispatch.unitId,
    action: e.action,
    at: e.at,
    actorId: e.actor.id,
    actorKind: e.actor.kind,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    payload: e.payload ?? {},
    requestId: e.actor.requestId ?? null,
  });
}

export async function loadActiveUnit(tx: Executor, unitId: number, field = 'unitId') {
  const [u] = await tx
    .select({ id: units.id, name: units.name, path: units.path, kind: units.kind, leaderName: units.leaderName })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.active, true)));
  if (!u)
    throw new AppError('validation', '承办单位不存在或已停用', {
      fields: [{ path: field, message: '单位不存在或已停用' }],
    });
  if (u.kind === 'centre') {
    throw new AppError('validation', '不能派给热线中心本身', { fields: [{ path: field, message: '请选择承办单位' }] });
  }
  return u;
}

export async function roundMembers(tx: Executor, ticketId: number, round: number): Promise<Dispatch[]> {
  return tx
    .select()
    .from(dispatches)
    .where(and(eq(dispatches.ticketId, ticketId), eq(dispatches.round, round)))
    .orderBy(dispatches.id);
}

export async function currentRound(tx: Executor, ticketId: number): Promise<number> {
  const [row] = await tx
    .select({ r: sql<number | null>`max(${dispatches.round})` })
    .from(dispatches)
    .where(eq(dispatches.ticketId, ticketId));
  return Number(row?.r ?? 0);
}
