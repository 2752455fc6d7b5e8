import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import { revisits, tickets } from '../../db/schema/index.ts';
import { REVISIT_RESULTS } from '../../domain/followup/revisit.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { boolish, idList, listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { REVISIT_STATUSES, revisitSchema, revisitSelect, toRevisitView } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  ticketId: rowIdQuery.optional(),
  status: stringList(REVISIT_STATUSES).optional(),
  method: z.enum(['sms', 'phone']).optional(),
  result: stringList(REVISIT_RESULTS).optional(),
  /** phone_due: the agents' call list now (open phone revisits whose next attempt is due). */
  queue: z.enum(['phone_due', 'phone', 'sms', 'decision']).optional(),
  mine: boolish.optional(),
  overdue: boolish.optional(),
});

const SORTABLE = {
  id: revisits.id,
  dueAt: revisits.dueAt,
  nextAttemptAt: revisits.nextAttemptAt,
  recordedAt: revisits.recordedAt,
};

const route = createRoute({
  method: 'get',
  path: '/api/revisits',
  tags: ['revisits'],
  summary: '回访列表；queue=phone_due 为话务员此刻要拨打的电话回访队列（紧急件、到期早的在前）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.extend(filterSchema.partial().shape).partial() },
  responses: {
    200: { description: 'a page of revisits', content: { 'application/json': { schema: z.array(revisitSchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, ...STAFF_ROLES);
    const deps = c.get('deps');
    const now = deps.clock.now();
    const p = parseList(c, filterSchema, Object.keys(SORTABLE), 'id');
    const f = p.filter;
    const conds: Array<SQL | undefined> = [];
    if (f.id) conds.push(inArray(revisits.id, f.id));
    if (f.ticketId) conds.push(eq(revisits.ticketId, f.ticketId));
    if (f.status) conds.push(inArray(revisits.status, f.status));
    if (f.method) conds.push(eq(revisits.method, f.method));
    if (f.result) conds.push(inArray(revisits.result, f.result));
    if (f.mine) conds.push(eq(revisits.assignedToId, user.id));
    if (f.overdue) conds.push(and(eq(revisits.status, 'open'), lte(revisits.dueAt, now)));
    if (f.queue === 'phone_due') {
      conds.push(eq(revisits.status, 'open'), eq(revisits.method, 'phone'), lte(revisits.nextAttemptAt, now));
    } else if (f.queue === 'phone') conds.push(eq(revisits.status, 'open'), eq(revisits.method, 'phone'));
    else if (f.queue === 'sms') conds.push(eq(revisits.status, 'open'), eq(revisits.method, 'sms'));
    else if (f.queue === 'decision') conds.push(eq(revisits.status, 'awaiting_decision'));
    const where = and(...conds);
    const col = SORTABLE[p.sort as keyof typeof SORTABLE];
    // The call list puts urgent tickets first, then the earliest deadline.
    const order =
      f.queue === 'phone_due'
        ? [desc(tickets.priority), asc(revisits.dueAt), asc(revisits.id)]
        : [p.order === 'asc' ? asc(col) : desc(col), desc(revisits.id)];
    const [rows, [total]] = await Promise.all([
      revisitSelect(deps.readDb)
        .where(where)
        .orderBy(...order)
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb
        .select({ n: count() })
        .from(revisits)
        .innerJoin(tickets, eq(tickets.id, revisits.ticketId))
        .where(where),
    ]);
    setTotal(c, 'revisits', p.start, rows.length, total?.n ?? 0);
    return c.json(
      rows.map((r) => toRevisitView(r, now)),
      200,
    );
  });
}
