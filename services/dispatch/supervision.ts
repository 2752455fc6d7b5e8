import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { dispatches, supervisionCases, supervisionCaseTickets, tickets, units } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvents } from '../events.ts';
import { startDispatchClock, stopDispatchClock } from './clocks.ts';
import { effectsOf, scheduleAfterCommit } from './effects.ts';
import type { DispatchActor } from './types.ts';

export type SupervisionCase = typeof supervisionCases.$inferSelect;

export interface OpenSupervisionInput {
  title: string;
  reason: string;
  ticketIds: number[];
  /** Default: the lead unit of the first ticket's latest round. */
  unitId?: number | null;
  /** Deadline in working time on the unit's calendar; omitted: the SLA policy's supervision limit. */
  limit?: { workingDays?: number; hours?: number };
  actor: DispatchActor;
}

async function leadUnitOf(tx: Executor, ticketId: number): Promise<number | null> {
  const [d] = await tx
    .select({ unitId: dispatches.unitId })
    .from(dispatches)
    .where(and(eq(dispatches.ticketId, ticketId), eq(dispatches.role, 'lead')))
    .orderBy(sql`${dispatches.round} desc, ${dispatches.id} desc`)
    .limit(1);
  return d?.unitId ?? null;
}

/**
 * 督办: a supervisor opens a case over one or several tickets with its own deadline (a Timebox
 * 'supervision' clock on the unit's calendar). Each ticket gets 'dispatch.supervised'; when the clock
 * breaches, the case escalates to the unit's leader.
 */
export async function openSupervision(
  tx: Executor,
  deps: Deps,
  input: OpenSupervisionInput,
  now: Date,
): Promise<SupervisionCase> {
  const ids = [...new Set(input.ticketIds)].sort((a, b) => a - b);
  if (ids.length === 0) {
    throw new AppError('validation', '请选择督办的工单', { fields: [{ path: 'ticketIds', message: '至少一张工单' }] });
  }
  // Lock in id order: two cases over overlapping tickets never deadlock.
  const found = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(inArray(tickets.id, ids))
    .orderBy(tickets.id)
    .for('update');
  if (found.length !== ids.length) {
    const missing = ids.filter((i) => !found.some((f) => f.id === i));
    throw new AppError('validation', `工单不存在：${missing.join(', ')}`, {
      fields: [{ path: 'ticketIds', message: `不存在：${missing.join(', ')}` }],
    });
  }
  // One live supervision per ticket: a second case would only blur who answers for it (and its clock).
  const busy = await tx
    .select({ caseId: supervisionCases.id, ticketId: supervisionCaseTickets.ticketId })
    .from(supervisionCaseTickets)
    .innerJoin(supervisionCases, eq(supervisionCases.id, supervisionCaseTickets.caseId))
    .where(and(inArray(supervisionCaseTickets.ticketId, ids), inArray(supervisionCases.status, ['open', 'escalated'])));
  if (busy.length) {
    throw conflict(`工单已在督办中（督办件 #${busy[0]?.caseId}）`, {
      currentState: 'supervised',
      cases: busy,
    });
  }
  const first = ids[0] as number;
  const unitId = input.unitId ?? (await leadUnitOf(tx, first));
  if (!unitId) {
    throw new AppError('validation', '请指定督办的承办单位', { fields: [{ path: 'unitId', message: '工单尚未派单' }] });
  }
  const [unit] = await tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitId));
  if (!unit) throw new AppError('validation', '单位不存在', { fields: [{ path: 'unitId', message: '单位不存在' }] });
  const [row] = await tx
    .insert(supervisionCases)
    .values({
      title: input.title,
      reason: input.reason,
      unitId,
      // Placeholder until the clock below fixes it (same transaction).
      dueAt: now,
      createdById: input.actor.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'supervision insert returned nothing');
  await tx.insert(supervisionCaseTickets).values(ids.map((ticketId) => ({ caseId: row.id, ticketId })));
  const clock = await startDispatchClock(tx, deps, {
    ticketId: first,
    dispatchId: null,
    unitId,
    kind: 'supervision',
    startAt: now,
    limit: input.limit,
    actorId: input.actor.id,
    reason: `督办 #${row.id}`,
  });
  scheduleAfterCommit(tx, clock.clockId);
  const [saved] = await tx
    .update(supervisionCases)
    .set({ dueAt: clock.dueAt, clockId: clock.clockId })
    .where(eq(supervisionCases.id, row.id))
    .returning();
  await recordEvents(
    tx,
    ids.map((ticketId) => ({
      ticketId,
      action: 'dispatch.supervised' as const,
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      unitId,
      payload: { caseId: row.id, title: input.title, reason: input.reason, dueAt: clock.dueAt.toISOString() },
      requestId: input.actor.requestId ?? null,
    })),
  );
  effectsOf(tx).bus.push({
    topic: 'supervision.opened',
    audience: [`unit:${unitId}`, 'role:supervisor'],
    data: { caseId: row.id, title: input.title, dueAt: clock.dueAt.toISOString() },
  });
  return saved ?? row;
}

async function lockCase(tx: Executor, caseId: number): Promise<SupervisionCase> {
  const [c] = await tx.select().from(supervisionCases).where(eq(supervisionCases.id, caseId)).for('update');
  if (!c) throw notFound('督办件');
  return c;
}

export async function caseTicketIds(tx: Executor, caseId: number): Promise<number[]> {
  const rows = await tx
    .select({ ticketId: supervisionCaseTickets.ticketId })
    .from(supervisionCaseTickets)
    .where(eq(supervisionCaseTickets.caseId, caseId))
    .orderBy(supervisionCaseTickets.ticketId);
  return rows.map((r) => r.ticketId);
}

/**
 * Escalates a case one level, to the unit's leader (its deadline passed, or a supervisor decided). Each
 * ticket gets 'dispatch.supervision_escalated'; the unit's consoles hear it live.
 */
export async function escalateSupervision(
  tx: Executor,
  deps: Deps,
  input: { caseId: number; actor: DispatchActor; note?: string | null; onlyIfOpen?: boolean },
  now: Date,
): Promise<SupervisionCase | null> {
  void deps;
  const c = await lockCase(tx, input.caseId);
  if (c.status === 'closed') {
    if (input.onlyIfOpen) return null;
    throw conflict('督办件已结案', { currentState: c.status });
  }
  if (input.onlyIfOpen && c.status !== 'open') return null;
  const [unit] = await tx
    .select({ name: units.name, leaderName: units.leaderName })
    .from(units)
    .where(eq(units.id, c.unitId));
  const leader = unit?.leaderName ? `${unit.name}负责人 ${unit.leaderName}` : `${unit?.name ?? ''}主要负责人`;
  const [row] = await tx
    .update(supervisionCases)
    .set({
      status: 'escalated',
      level: c.level + 1,
      escalatedAt: now,
      escalatedTo: leader,
      updatedAt: now,
      version: sql`${supervisionCases.version} + 1`,
    })
    .where(eq(supervisionCases.id, c.id))
    .returning();
  const ids = await caseTicketIds(tx, c.id);
  await recordEvents(
    tx,
    ids.map((ticketId) => ({
      ticketId,
      action: 'dispatch.supervision_escalated' as const,
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      unitId: c.unitId,
      payload: {
        caseId: c.id,
        level: c.level + 1,
        escalatedTo: leader,
        note: input.note ?? null,
        dueAt: c.dueAt.toISOString(),
      },
      requestId: input.actor.requestId ?? null,
    })),
  );
  effectsOf(tx).bus.push({
    topic: 'supervision.escalated',
    audience: [`unit:${c.unitId}`, 'role:supervisor'],
    data: { caseId: c.id, level: c.level + 1, escalatedTo: leader },
  });
  return row ?? null;
}

export async function closeSupervision(
  tx: Executor,
  deps: Deps,
  input: { caseId: number; resultNote: string; actor: DispatchActor },
  now: Date,
): Promise<SupervisionCase> {
  const c = await lockCase(tx, input.caseId);
  if (c.status === 'closed') throw conflict('督办件已结案', { currentState: c.status });
  const ids = await caseTicketIds(tx, c.id);
  if (ids[0] !== undefined)
    await stopDispatchClock(tx, deps, { ticketId: ids[0], kind: 'supervision' }, now, `督办 #${c.id} 结案`);
  const [row] = await tx
    .update(supervisionCases)
    .set({
      status: 'closed',
      closedAt: now,
      closedById: input.actor.id,
      resultNote: input.resultNote,
      updatedAt: now,
      version: sql`${supervisionCases.version} + 1`,
    })
    .where(eq(supervisionCases.id, c.id))
    .returning();
  await recordEvents(
    tx,
    ids.map((ticketId) => ({
      ticketId,
      action: 'dispatch.supervision_closed' as const,
      at: now,
      actorId: input.actor.id,
      actorKind: input.actor.kind,
      unitId: c.unitId,
      payload: { caseId: c.id, resultNote: input.resultNote },
      requestId: input.actor.requestId ?? null,
    })),
  );
  if (!row) throw notFound('督办件');
  return row;
}

/** The supervision case a Timebox clock belongs to. */
export async function caseForClock(tx: Executor, clockId: number): Promise<number | null> {
  const [c] = await tx
    .select({ id: supervisionCases.id })
    .from(supervisionCases)
    .where(eq(supervisionCases.clockId, clockId));
  return c?.id ?? null;
}
