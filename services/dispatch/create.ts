import type { Executor } from '../../db/client.ts';
import { dispatches } from '../../db/schema/index.ts';
import { TERMINAL_DISPATCH_STATES } from '../../domain/dispatch/states.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import type { Actor } from '../tickets.ts';
import { startDispatchClock } from './clocks.ts';
import {
  currentRound,
  dispatchEvent,
  loadActiveUnit,
  lockTicket,
  reloadDispatch,
  roundMembers,
  setTicketStatus,
} from './core.ts';
import { notifyUnit, scheduleAfterCommit } from './effects.ts';
import { notifyCitizen } from './notify.ts';
import { asDispatchActor, type Dispatch, type DispatchActor } from './types.ts';

export interface DispatchInput {
  ticketId: number;
  unitId: number;
  role: 'lead' | 'co';
  /** Default: the ticket's current round (1 for a first dispatch). */
  round?: number;
  instructions?: string | null;
  actor: Actor | DispatchActor;
  /** The dispatch this one replaces (approved return, transfer). */
  fromDispatchId?: number | null;
}

const CLOSED_TICKET = ['closed', 'merged'];

/**
 * Creates one dispatch round member: locks the ticket, checks the round, inserts the dispatch, starts its
 * sign clock, writes 'dispatch.created', moves the ticket to 'dispatched' (lead) and queues the citizen's
 * notice on the ticket's first dispatch. Runs in the caller's transaction.
 */
export async function dispatchTicket(tx: Executor, deps: Deps, input: DispatchInput, now: Date): Promise<Dispatch> {
  const actor = asDispatchActor(input.actor);
  const ticket = await lockTicket(tx, input.ticketId);
  if (CLOSED_TICKET.includes(ticket.status)) {
    throw conflict('工单已办结或已并单，不能派单', { currentState: ticket.status, ticketId: ticket.id });
  }
  const unit = await loadActiveUnit(tx, input.unitId);
  const round = input.round ?? Math.max(1, await currentRound(tx, ticket.id));
  const members = (await roundMembers(tx, ticket.id, round)).filter(
    (m) => !(TERMINAL_DISPATCH_STATES as readonly string[]).includes(m.status),
  );
  if (members.some((m) => m.unitId === unit.id)) {
    throw conflict(`${unit.name}在本轮已有未办结的派单`, { currentState: ticket.status, ticketId: ticket.id });
  }
  const lead = members.find((m) => m.role === 'lead');
  if (input.role === 'lead' && lead) {
    throw conflict('本轮已有主办单位，请先转派或撤销', {
      currentState: ticket.status,
      leadDispatchId: lead.id,
      ticketId: ticket.id,
    });
  }
  if (input.role === 'co' && !lead) {
    throw new AppError('validation', '请先指定主办单位，再加协办单位', {
      fields: [{ path: 'role', message: '本轮没有主办单位' }],
    });
  }

  const [row] = await tx
    .insert(dispatches)
    .values({
      ticketId: ticket.id,
      unitId: unit.id,
      round,
      role: input.role,
      status: 'dispatched',
      dispatchedById: actor.id,
      dispatchedAt: now,
      instructions: input.instructions ?? null,
      fromDispatchId: input.fromDispatchId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'dispatch insert returned nothing');

  const clock = await startDispatchClock(tx, deps, {
    ticketId: ticket.id,
    dispatchId: row.id,
    unitId: unit.id,
    kind: 'sign',
    startAt: now,
    actorId: actor.id,
    reason: 'dispatched',
  });
  scheduleAfterCommit(tx, clock?.clockId);

  const ticketFrom = ticket.status;
  if (input.role === 'lead') await setTicketStatus(tx, ticket, 'dispatched', now);
  await dispatchEvent(tx, {
    action: 'dispatch.created',
    dispatch: row,
    actor,
    at: now,
    from: null,
    to: 'dispatched',
    payload: {
      role: input.role,
      round,
      unitName: unit.name,
      instructions: input.instructions ?? null,
      fromDispatchId: input.fromDispatchId ?? null,
      signDueAt: clock?.dueAt.toISOString() ?? null,
      ticketFrom,
      ticketTo: ticket.status,
    },
  });
  // The citizen hears once that the matter went to a unit; internal moves (returns, transfers) are silent.
  if (input.role === 'lead' && ticketFrom === 'registered') {
    await notifyCitizen(
      tx,
      deps,
      {
        ticketId: ticket.id,
        template: 'ticket.dispatched',
        vars: { unitName: unit.name, dueDate: '签收后确定' },
        key: `dispatched-${row.id}`,
      },
      now,
    );
  }
  notifyUnit(tx, unit.id, { action: 'created', dispatchId: row.id, ticketId: ticket.id });
  return reloadDispatch(tx, row.id);
}

export interface DispatchPlan {
  ticketId: number;
  leadUnitId: number;
  coUnitIds?: number[];
  instructions?: string | null;
  actor: Actor | DispatchActor;
}

/** The centre's dispatch: a lead unit plus optional co-handling units in one round. */
export async function dispatchWithCo(
  tx: Executor,
  deps: Deps,
  plan: DispatchPlan,
  now: Date,
): Promise<{ lead: Dispatch; co: Dispatch[] }> {
  const co = [...new Set(plan.coUnitIds ?? [])].filter((u) => u !== plan.leadUnitId);
  const lead = await dispatchTicket(
    tx,
    deps,
    {
      ticketId: plan.ticketId,
      unitId: plan.leadUnitId,
      role: 'lead',
      instructions: plan.instructions,
      actor: plan.actor,
    },
    now,
  );
  const coRows: Dispatch[] = [];
  for (const unitId of co) {
    coRows.push(
      await dispatchTicket(
        tx,
        deps,
        {
          ticketId: plan.ticketId,
          unitId,
          role: 'co',
          round: lead.round,
          instructions: plan.instructions,
          actor: plan.actor,
        },
        now,
      ),
    );
  }
  return { lead, co: coRows };
}
