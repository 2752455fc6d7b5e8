import { createRoute, z } from '@hono/zod-openapi';
import { DISPATCH_STATES } from '../../domain/dispatch/states.ts';
import { DISPATCH_QUEUES, listDispatchViews, SORTABLE } from '../../services/dispatch/queries.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { dispatchSchema } from './schemas.ts';

export const dispatchFilterSchema = z.object({
  queue: z.enum(DISPATCH_QUEUES).optional(),
  status: stringList(DISPATCH_STATES).optional(),
  unitId: rowIdQuery.optional(),
  ticketId: rowIdQuery.optional(),
  role: z.enum(['lead', 'co']).optional(),
  round: rowIdQuery.optional(),
  extensionStatus: z.enum(['requested', 'approved', 'rejected']).optional(),
});

const route = createRoute({
  method: 'get',
  path: '/api/dispatches',
  tags: ['dispatches'],
  summary: '派单列表 / 工作队列（queue=to_sign|to_handle|due_soon|overdue|returns|extensions|replies|open）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.extend(dispatchFilterSchema.partial().shape).partial() },
  responses: {
    200: { description: 'a page of dispatches', content: { 'application/json': { schema: z.array(dispatchSchema) } } },
    ...errorResponses,
  },
});

export function registerList(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const deps = c.get('deps');
    const p = parseList(c, dispatchFilterSchema, Object.keys(SORTABLE), 'id');
    const { rows, total } = await listDispatchViews(
      deps.readDb,
      user,
      p.filter,
      { sort: p.sort as keyof typeof SORTABLE, order: p.order, start: p.start, end: p.end },
      deps.clock.now(),
    );
    setTotal(c, 'dispatches', p.start, rows.length, total);
    return c.json(rows, 200);
  });
}
