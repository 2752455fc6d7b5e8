import { createRoute, z } from '@hono/zod-openapi';
import { ticketDispatchViews } from '../../services/dispatch/queries.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { dispatchIdParam, dispatchSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/dispatches',
  tags: ['dispatches'],
  summary: '工单的全部派单（各轮次、主办/协办、状态与时限）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam },
  responses: {
    200: { description: 'dispatches by round', content: { 'application/json': { schema: z.array(dispatchSchema) } } },
    ...errorResponses,
  },
});

export function registerTicketDispatches(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    return c.json(await ticketDispatchViews(deps.db, user, id, deps.clock.now()), 200);
  });
}
