import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, not, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { inIdOrder } from '../../db/rows.ts';
import { tickets } from '../../db/schema/index.ts';
import { tsQueryOf } from '../../domain/search.ts';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { ticketScope, ticketSelect, toTicketView, type Viewer } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { int4Query } from '../lib/ids.ts';
import { boolish, idList, listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { ticketSchema } from './schemas.ts';

export const ticketFilterSchema = z.object({
  id: idList.optional(),
  q: z.string().trim().max(100).optional(),
  status: stringList(TICKET_STATUSES).optional(),
  channel: stringList(CHANNELS).optional(),
  type: stringList(TICKET_TYPES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  categoryId: int4Query.optional(),
  districtId: int4Query.optional(),
  unitId: int4Query.optional(),
  contactId: int4Query.optional(),
  createdById: int4Query.optional(),
  mine: boolish.optional(),
  confidential: boolish.optional(),
  overdue: boolish.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  ticketNo: z.string().trim().max(20).optional(),
});
export type TicketFilter = z.infer<typeof ticketFilterSchema>;

const SORTABLE = [
  'id',
  'ticketNo',
  'createdAt',
  'updatedAt',
  'dueAt',
  'priority',
  'status',
  'type',
  'channel',
] as const;
const sortColumn = {
  id: tickets.id,
  ticketNo: tickets.ticketNo,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  dueAt: tickets.dueAt,
  priority: tickets.priority,
  status: tickets.status,
  type: tickets.type,
  channel: tickets.channel,
};

/** The list counts matches up to here; beyond, X-Total-Count is this floor and X-Total-Count-Capped is set. */
export const TOTAL_CAP = 10_000;

/** Shared by the list, the exports and the saved queries: one definition of what a filter means. */
export function ticketConditions(f: TicketFilter, viewer: Viewer, now: Date): SQL | undefined {
  const conds: Array<SQL | undefined> = [ticketScope(viewer)];
  if (f.id) conds.push(inArray(tickets.id, f.id));
  if (f.status) conds.push(inArray(tickets.status, f.status));
  if (f.channel) conds.push(inArray(tickets.channel, f.channel));
  if (f.type) conds.push(inArray(tickets.type, f.type));
  if (f.priority) conds.push(eq(tickets.priority, f.priority));
  if (f.categoryId) {
    conds.push(
      sql`${tickets.categoryId} in (select id from categories where path like (select path from categories where id = ${f.categoryId}) || '%')`,
    );
  }
  if (f.districtId) conds.push(eq(tickets.districtId, f.districtId));
  if (f.unitId) {
    // A dispatch is never older than its ticket, so a creation-date bound also bounds the dispatches: the
    // (unit_id, dispatched_at) index then reads one range per unit instead of the unit's whole history.
    const since = f.from ? sql`and d.dispatched_at >= ${f.from.toISOString()}` : sql``;
    conds.push(sql`exists (select 1 from dispatches d join units u on u.id = d.unit_id
      where d.ticket_id = ${tickets.id} ${since}
        and u.path like (select path from units where id = ${f.unitId}) || '%')`);
  }
  if (f.contactId) conds.push(eq(tickets.contactId, f.contactId));
  if (f.createdById) conds.push(eq(tickets.createdById, f.createdById));
  if (f.mine) conds.push(eq(tickets.createdById, viewer.id));
  if (f.confidential !== undefined) conds.push(eq(tickets.confidential, f.confidential));
  if (f.overdue)
    conds.push(
      and(lt(tickets.dueAt, now), isNull(tickets.closedAt), not(inArray(tickets.status, ['closed', 'merged']))),
    );
  if (f.from) conds.push(gte(tickets.createdAt, f.from));
  if (f.to) conds.push(lt(tickets.createdAt, f.to));
  if (f.ticketNo) conds.push(eq(tickets.ticketNo, f.ticketNo));
  if (f.q) {
    const tsq = tsQueryOf(f.q);
    // A ticket number typed into the search box finds that ticket.
    if (/^\d{14}$/.test(f.q)) conds.push(eq(tickets.ticketNo, f.q));
    else if (tsq) conds.push(sql`${tickets.searchTsv} @@ to_tsquery('simple', ${tsq})`);
    else conds.push(sql`false`);
  }
  return and(...conds);
}

/**
 * One page of the list. The page's ids come first from tickets alone (index-only for the usual filters:
 * status and day on tickets_status_created_idx, a unit on dispatches_unit_dispatched_idx), then the rows of
 * those ids with their joins: selecting joined rows first would read every matching ticket of the day from
 * the heap only to keep 25 of them.
 */
export async function ticketPage(
  db: Executor,
  where: SQL | undefined,
  page: { sort: keyof typeof sortColumn; order: 'asc' | 'desc' },
  start: number,
  end: number,
) {
  const col = sortColumn[page.sort];
  // Within one priority the longest waiting comes first, whichever way the priorities run: a dispatcher
  // sorting urgent-first wants the oldest urgent ticket at the top, not the newest.
  const within = page.sort === 'priority' ? [asc(tickets.createdAt), asc(tickets.id)] : [desc(tickets.id)];
  const ids = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(where)
    .orderBy(page.order === 'asc' ? asc(col) : desc(col), ...within)
    .limit(end - start)
    .offset(start);
  if (ids.length === 0) return [];
  const rows = await ticketSelect(db).where(
    inArray(
      tickets.id,
      ids.map((r) => r.id),
    ),
  );
  return inIdOrder(ids, rows);
}

/**
 * Matches up to TOTAL_CAP + 1: counting every match of a broad filter over 10^7 tickets takes ~0.4 s, and
 * past the cap the console only needs to know there are more.
 */
export async function countTicketsCapped(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(
    db
      .select({ one: sql`1` })
      .from(tickets)
      .where(where)
      .limit(TOTAL_CAP + 1)
      .as('capped'),
  );
  return row?.n ?? 0;
}

const route = createRoute({
  method: 'get',
  path: '/api/tickets',
  tags: ['tickets'],
  summary: '工单列表（筛选、排序、分页、中文全文检索）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.extend(ticketFilterSchema.partial().shape).partial() },
  responses: {
    200: { description: 'a page of tickets', content: { 'application/json': { schema: z.array(ticketSchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(
    route,
    async (c) => {
      const user = requireRole(c);
      const deps = c.get('deps');
      const p = parseList(c, ticketFilterSchema, SORTABLE, 'id');
      const where = ticketConditions(p.filter, user, deps.clock.now());
      const [rows, n] = await Promise.all([
        ticketPage(deps.readDb, where, { sort: p.sort as keyof typeof sortColumn, order: p.order }, p.start, p.end),
        countTicketsCapped(deps.readDb, where),
      ]);
      if (n > TOTAL_CAP) c.header('X-Total-Count-Capped', 'true');
      setTotal(c, 'tickets', p.start, rows.length, Math.min(n, TOTAL_CAP));
      return c.json(
        rows.map((r) => toTicketView(r, user)),
        200,
      );
    },
    // Query params are validated by parseList (both react-admin dialects), not by the OpenAPI hook.
  );
}
