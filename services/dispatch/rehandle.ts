import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, ticketEvents, tickets } from '../../db/schema/index.ts';
import { isOpen } from '../../domain/dispatch/states.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { recordEvent } from '../events.ts';
import type { Actor } from '../tickets.ts';
import { currentRound, lockTicket } from './core.ts';
import { dispatchTicket } from './create.ts';
import { notifyCitizen } from './notify.ts';
import { asDispatchActor, type Dispatch, type DispatchActor } from './types.ts';

export interface RehandleInput {
  ticketId: number;
  /** Default: the unit whose reply was last accepted (for a cluster member: the unit that answered its lead). */
  unitId?: number;
  actor: Actor | DispatchActor;
  reason: string;
}

/**
 * Re-handle (重办) after a dissatisfied revisit: a new round with a new lead dispatch (and its sign clock),
 * the old rounds kept as history. Writes 'ticket.rehandle' and tells the citizen.
 */
export async function rehandleTicket(tx: Executor, deps: Deps, input: RehandleInput, now: Date): Promise<Dispatch> {
  const actor = asDispatchActor(input.actor);
  const ticket = await lockTicket(tx, input.ticketId);
  if (ticket.status === 'merged') throw conflict('已并单的工单不能重办', { currentState: ticket.status });
  const open = await tx
    .select({ id: dispatches.id, status: dispatches.status })
    .from(dispatches)
    .where(eq(dispatches.ticketId, ticket.id));
  const live = open.filter((d) => isOpen(d.status));
  if (live.length > 0) {
    throw conflict('工单仍有未办结的派单，不能重办', {
      currentState: ticket.status,
      openDispatchIds: live.map((d) => d.id),
    });
  }
  let unitId = input.unitId;
  if (!unitId) {
    const [last] = await tx
      .select({ unitId: dispatches.unitId })
      .from(dispatches)
      .where(and(eq(dispatches.ticketId, ticket.id), eq(dispatches.role, 'lead'), eq(dispatches.status, 'accepted')))
      .orderBy(desc(dispatches.id))
      .limit(1);
    unitId = last?.unitId;
  }
  if (!unitId) {
    // A cluster member was answered through its lead's dispatch: re-handled alone, by the unit that answered.
    const [passed] = await tx
      .select({ unitId: ticketEvents.unitId })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.action, 'ticket.cluster_reply')))
      .orderBy(desc(ticketEvents.id))
      .limit(1);
    unitId = passed?.unitId ?? undefined;
  }
  if (!unitId) {
    throw new AppError('validation', '请指定重办单位', {
      fields: [{ path: 'unitId', message: '没有可沿用的承办单位' }],
    });
  }
  const round = (await currentRound(tx, ticket.id)) + 1;
  const ticketFrom = ticket.status;
  await recordEvent(tx, {
    ticketId: ticket.id,
    action: 'ticket.rehandle',
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    unitId,
    fromStatus: ticketFrom,
    toStatus: 'dispatched',
    payload: { reason: input.reason, round },
    requestId: actor.requestId ?? null,
  });
  if (ticket.closedAt || ticket.closeReason) {
    // A closed ticket reopened by a ruling: clear the close so lists and KPIs see it live again.
    await tx.update(tickets).set({ closedAt: null, closeReason: null }).where(eq(tickets.id, ticket.id));
  }
  const lead = await dispatchTicket(
    tx,
    deps,
    { ticketId: ticket.id, unitId, role: 'lead', round, instructions: `重办：${input.reason}`, actor },
    now,
  );
  await notifyCitizen(
    tx,
    deps,
    { ticketId: ticket.id, template: 'ticket.rehandle', vars: {}, key: `rehandle-${ticket.id}-${round}` },
    now,
  );
  return lead;
}
