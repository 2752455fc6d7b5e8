import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { inIdOrder } from '../../db/rows.ts';
import { categories, dispatches, tickets, units } from '../../db/schema/index.ts';
import { currentDeadline } from '../../domain/dispatch/deadline.ts';
import { allowedActions, type DispatchAction } from '../../domain/dispatch/machine.ts';
import {
  DISPATCH_STATE_LABELS,
  type DispatchState,
  type ExtensionState,
  OPEN_DISPATCH_STATES,
} from '../../domain/dispatch/states.ts';
import { deadlineBand } from '../../domain/sla/band.ts';
import { notFound } from '../errors.ts';
import type { Viewer } from '../ticketAccess.ts';
import { snapshotOf } from './core.ts';
import { returnsOnTicket } from './returns.ts';

/** Work queues (工作台): each an indexed condition over dispatches. */
export const DISPATCH_QUEUES = [
  'to_sign', // 待签收
  'to_handle', // 办理中
  'due_soon', // 即将到期
  'overdue', // 已超期
  'returns', // 退单待审
  'extensions', // 延期待审
  'replies', // 答复待审核
  'open', // 全部未办结
] as const;
export type DispatchQueue = (typeof DISPATCH_QUEUES)[number];

export const QUEUE_LABELS: Record<DispatchQueue, string> = {
  to_sign: '待签收',
  to_handle: '办理中',
  due_soon: '即将到期',
  overdue: '已超期',
  returns: '退单待审',
  extensions: '延期待审',
  replies: '答复待审核',
  open: '全部未办结',
};

/** Which queues each role works (the centre decides; units sign and handle). */
export function queuesForRole(role: Viewer['role']): DispatchQueue[] {
  if (role === 'unit_staff') return ['to_sign', 'to_handle', 'due_soon', 'overdue', 'open'];
  if (role === 'dispatcher' || role === 'supervisor' || role === 'admin') {
    return ['returns', 'extensions', 'replies', 'overdue', 'due_soon', 'to_sign', 'to_handle', 'open'];
  }
  return ['open'];
}

export function queueCondition(q: DispatchQueue, now: Date): SQL | undefined {
  switch (q) {
    case 'to_sign':
      return eq(dispatches.status, 'dispatched');
    case 'to_handle':
      return eq(dispatches.status, 'handling');
    case 'due_soon':
      // Past the handle clock's warning (the policy's percentage, in working time), not yet past the
      // deadline: the rows the console colours amber (domain/sla/band.ts), when the timebox warns.
      return and(
        eq(dispatches.status, 'handling'),
        gte(dispatches.handleDueAt, now),
        sql`exists (select 1 from sla_clocks c where c.dispatch_id = ${dispatches.id} and c.kind = 'handle'
              and c.status <> 'stopped' and c.warn_at <= ${now.toISOString()}::timestamptz)`,
      );
    case 'overdue':
      return or(
        and(eq(dispatches.status, 'dispatched'), lt(dispatches.signDueAt, now)),
        and(eq(dispatches.status, 'handling'), lt(dispatches.handleDueAt, now)),
      );
    case 'returns':
      return eq(dispatches.status, 'return_requested');
    case 'extensions':
      return and(eq(dispatches.status, 'handling'), eq(dispatches.extensionStatus, 'requested'));
    case 'replies':
      return and(eq(dispatches.status, 'replied'), eq(dispatches.role, 'lead'));
    case 'open':
      return inArray(dispatches.status, [...OPEN_DISPATCH_STATES]);
  }
}

/** Dispatches a viewer may see: a unit its own and its sub-units'; a window clerk those of its own reports. */
export function dispatchScope(viewer: Viewer): SQL | undefined {
  if (viewer.role === 'unit_staff') {
    const prefix = `${viewer.unitPath ?? '/-1/'}%`;
    return sql`exists (select 1 from units su where su.id = ${dispatches.unitId} and su.path like ${prefix})`;
  }
  // A subquery rather than a reference to a joined tickets row, so counts need not join tickets.
  if (viewer.role === 'window_clerk') {
    return sql`exists (select 1 from tickets st where st.id = ${dispatches.ticketId} and st.created_by_id = ${viewer.id})`;
  }
  return undefined;
}

const baseColumns = {
  id: dispatches.id,
  ticketId: dispatches.ticketId,
  ticketNo: tickets.ticketNo,
  ticketTitle: tickets.title,
  ticketType: tickets.type,
  ticketPriority: tickets.priority,
  ticketStatus: tickets.status,
  categoryId: tickets.categoryId,
  categoryName: categories.fullName,
  unitId: dispatches.unitId,
  unitName: units.name,
  round: dispatches.round,
  role: dispatches.role,
  status: dispatches.status,
  extensionStatus: dispatches.extensionStatus,
  dispatchedAt: dispatches.dispatchedAt,
  dispatchedById: dispatches.dispatchedById,
  instructions: dispatches.instructions,
  signedAt: dispatches.signedAt,
  signedById: dispatches.signedById,
  deemedSigned: dispatches.deemedSigned,
  signDueAt: dispatches.signDueAt,
  handleDueAt: dispatches.handleDueAt,
  repliedAt: dispatches.repliedAt,
  reviewedAt: dispatches.reviewedAt,
  closedAt: dispatches.closedAt,
  closeReason: dispatches.closeReason,
  fromDispatchId: dispatches.fromDispatchId,
  version: dispatches.version,
  updatedAt: dispatches.updatedAt,
  /** The warning time of the clock behind the deadline that matters now (signing, or handling). */
  warnAt: sql<Date | null>`(select c.warn_at from sla_clocks c where c.dispatch_id = ${dispatches.id}
      and c.kind = case when ${dispatches.status} = 'dispatched' then 'sign' else 'handle' end
      and c.status <> 'stopped' order by c.id desc limit 1)`.mapWith(dispatches.handleDueAt),
  urgeCount: sql<number>`(select count(*)::int from dispatch_urgings du where du.dispatch_id = ${dispatches.id})`,
  pendingReturn: sql<Record<string, unknown> | null>`(select json_build_object('id', r.id, 'reasonCode', r.reason_code,
      'reasonText', r.reason_text, 'requestedAt', r.requested_at, 'requestedById', r.requested_by_id)
    from dispatch_returns r where r.dispatch_id = ${dispatches.id} and r.status = 'pending' order by r.id desc limit 1)`,
  pendingExtension: sql<Record<string, unknown> | null>`(select json_build_object('id', e.id, 'reason', e.reason,
      'requestedDueAt', e.requested_due_at, 'oldDueAt', e.old_due_at, 'requestedAt', e.requested_at)
    from dispatch_extensions e where e.dispatch_id = ${dispatches.id} and e.status = 'pending' order by e.id desc limit 1)`,
  latestReply: sql<Record<string, unknown> | null>`(select json_build_object('id', p.id, 'result', p.result,
      'publicText', p.public_text, 'internalNotes', p.internal_notes, 'attachments', p.attachments,
      'submittedAt', p.submitted_at, 'reviewStatus', p.review_status, 'reviewReason', p.review_reason)
    from dispatch_replies p where p.dispatch_id = ${dispatches.id} order by p.id desc limit 1)`,
};

function selectDispatches(db: Executor) {
  return db
    .select(baseColumns)
    .from(dispatches)
    .innerJoin(tickets, eq(tickets.id, dispatches.ticketId))
    .innerJoin(units, eq(units.id, dispatches.unitId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId));
}

type Row = Awaited<ReturnType<typeof selectDispatches>>[number];

export interface DispatchView extends Omit<Row, DateKeys | 'extensionStatus'> {
  extensionStatus: ExtensionState | null;
  statusLabel: string;
  overdue: boolean;
  /** Past the warning of the current deadline's clock, not yet overdue (the "due soon" queue). */
  dueSoon: boolean;
  allowedActions: DispatchAction[];
  dispatchedAt: string;
  signedAt: string | null;
  signDueAt: string | null;
  handleDueAt: string | null;
  warnAt: string | null;
  repliedAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}
type DateKeys =
  | 'dispatchedAt'
  | 'signedAt'
  | 'signDueAt'
  | 'handleDueAt'
  | 'repliedAt'
  | 'reviewedAt'
  | 'closedAt'
  | 'updatedAt'
  | 'warnAt';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toDispatchView(r: Row, viewer: Viewer, now: Date, returnsSoFar = 0): DispatchView {
  const state = r.status as DispatchState;
  const current = currentDeadline(r);
  // Only a dispatch still to sign or in handling can run late; the others wait on the centre.
  const due = state === 'dispatched' || state === 'handling' ? current.due : null;
  const band = deadlineBand({ due, warnAt: r.warnAt, start: current.start }, now);
  const snap = snapshotOf(r);
  return {
    ...r,
    extensionStatus: (r.extensionStatus as ExtensionState | null) ?? null,
    statusLabel: DISPATCH_STATE_LABELS[state] ?? r.status,
    overdue: band === 'overdue',
    // As the queue counts it: handling deadlines only (a sign deadline defaults by itself, 超时默认签收).
    dueSoon: state === 'handling' && band === 'warn',
    allowedActions: allowedActions(snap, viewer, now, returnsSoFar),
    dispatchedAt: r.dispatchedAt.toISOString(),
    signedAt: iso(r.signedAt),
    signDueAt: iso(r.signDueAt),
    handleDueAt: iso(r.handleDueAt),
    repliedAt: iso(r.repliedAt),
    reviewedAt: iso(r.reviewedAt),
    closedAt: iso(r.closedAt),
    updatedAt: r.updatedAt.toISOString(),
    warnAt: iso(r.warnAt),
  };
}

export async function loadDispatchView(db: Executor, viewer: Viewer, id: number, now: Date): Promise<DispatchView> {
  const [row] = await selectDispatches(db)
    .where(and(eq(dispatches.id, id), dispatchScope(viewer)))
    .limit(1);
  if (!row) throw notFound('派单');
  return toDispatchView(row, viewer, now, await returnsOnTicket(db, row.ticketId));
}

export async function ticketDispatchViews(db: Executor, viewer: Viewer, ticketId: number, now: Date) {
  const rows = await selectDispatches(db)
    .where(and(eq(dispatches.ticketId, ticketId), dispatchScope(viewer)))
    .orderBy(asc(dispatches.round), asc(dispatches.id));
  const returns = await returnsOnTicket(db, ticketId);
  return rows.map((r) => toDispatchView(r, viewer, now, returns));
}

export interface DispatchListFilter {
  queue?: DispatchQueue;
  status?: string[];
  unitId?: number;
  ticketId?: number;
  role?: 'lead' | 'co';
  round?: number;
  extensionStatus?: string;
}

export const SORTABLE = {
  id: dispatches.id,
  /** The deadline that matters now: signing while unsigned, otherwise handling. */
  deadline: sql`case when ${dispatches.status} = 'dispatched' then ${dispatches.signDueAt} else ${dispatches.handleDueAt} end`,
  dispatchedAt: dispatches.dispatchedAt,
  signDueAt: dispatches.signDueAt,
  handleDueAt: dispatches.handleDueAt,
  status: dispatches.status,
  unitId: dispatches.unitId,
  ticketId: dispatches.ticketId,
  updatedAt: dispatches.updatedAt,
} as const;

export function dispatchConditions(f: DispatchListFilter, viewer: Viewer, now: Date): SQL | undefined {
  const c: Array<SQL | undefined> = [dispatchScope(viewer)];
  if (f.queue) c.push(queueCondition(f.queue, now));
  if (f.status?.length) c.push(inArray(dispatches.status, f.status));
  if (f.unitId) {
    c.push(
      sql`${dispatches.unitId} in (select id from units where path like (select path from units where id = ${f.unitId}) || '%')`,
    );
  }
  if (f.ticketId) c.push(eq(dispatches.ticketId, f.ticketId));
  if (f.role) c.push(eq(dispatches.role, f.role));
  if (f.round) c.push(eq(dispatches.round, f.round));
  if (f.extensionStatus) c.push(eq(dispatches.extensionStatus, f.extensionStatus));
  return and(...c);
}

export async function listDispatchViews(
  db: Executor,
  viewer: Viewer,
  f: DispatchListFilter,
  page: { sort: keyof typeof SORTABLE; order: 'asc' | 'desc'; start: number; end: number },
  now: Date,
): Promise<{ rows: DispatchView[]; total: number }> {
  const where = dispatchConditions(f, viewer, now);
  const col = SORTABLE[page.sort];
  // The page's ids first, from dispatches alone (index-only on a unit's queue), then the 25 rows with their
  // ticket, category and unit: joining first would read every matching ticket to sort a busy unit's queue.
  const [ids, [total]] = await Promise.all([
    db
      .select({ id: dispatches.id })
      .from(dispatches)
      .where(where)
      .orderBy(page.order === 'asc' ? sql`${col} asc nulls last` : sql`${col} desc nulls last`, desc(dispatches.id))
      .limit(page.end - page.start)
      .offset(page.start),
    db.select({ n: count() }).from(dispatches).where(where),
  ]);
  const rows = ids.length
    ? await selectDispatches(db).where(
        inArray(
          dispatches.id,
          ids.map((r) => r.id),
        ),
      )
    : [];
  return { rows: inIdOrder(ids, rows).map((r) => toDispatchView(r, viewer, now)), total: total?.n ?? 0 };
}

/**
 * Counts for the viewer's work queues (the console's badges): one scan with a filtered count per queue,
 * index-only on a unit's open dispatches (dispatches_unit_status_idx covers the queue conditions).
 */
export async function queueCounts(db: Executor, viewer: Viewer, now: Date): Promise<Record<string, number>> {
  const qs = queuesForRole(viewer.role);
  const fields = Object.fromEntries(
    qs.map((q) => [q, sql<number>`count(*) filter (where ${queueCondition(q, now)})`.mapWith(Number)]),
  );
  const [row] = await db
    .select(fields)
    .from(dispatches)
    .where(and(dispatchScope(viewer), queueCondition('open', now)));
  return Object.fromEntries(qs.map((q) => [q, Number(row?.[q] ?? 0)]));
}
