import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { caseIdParam, supervisionSchema } from './schemas.ts';
import { listCaseViews, loadCaseView } from './view.ts';

const filterSchema = z.object({
  status: stringList(['open', 'escalated', 'closed'] as const).optional(),
  unitId: rowIdQuery.optional(),
  ticketId: rowIdQuery.optional(),
});

const list = createRoute({
  method: 'get',
  path: '/api/supervision',
  tags: ['supervision'],
  summary: '督办件列表',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.extend(filterSchema.partial().shape).partial() },
  responses: {
    200: { description: 'a page', content: { 'application/json': { schema: z.array(supervisionSchema) } } },
    ...errorResponses,
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/supervision/{id}',
  tags: ['supervision'],
  summary: '督办件详情',
  security: [{ bearer: [] }],
  request: { params: caseIdParam },
  responses: {
    200: { description: 'the case', content: { 'application/json': { schema: supervisionSchema } } },
    ...errorResponses,
  },
});

export function registerSupervisionRead(app: App) {
  app.openapi(list, async (c) => {
    const user = requireRole(c, 'dispatcher', 'supervisor', 'unit_staff');
    const deps = c.get('deps');
    const p = parseList(c, filterSchema, ['id', 'dueAt'], 'id');
    const { rows, total } = await listCaseViews(
      deps.readDb,
      user,
      p.filter,
      { sort: p.sort as 'id' | 'dueAt', order: p.order, start: p.start, end: p.end },
      deps.clock.now(),
    );
    setTotal(c, 'supervision', p.start, rows.length, total);
    return c.json(rows, 200);
  });
  app.openapi(get, async (c) => {
    const user = requireRole(c, 'dispatcher', 'supervisor', 'unit_staff');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    return c.json(await loadCaseView(deps.db, user, id, deps.clock.now()), 200);
  });
}
