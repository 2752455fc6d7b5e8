import { createRoute } from '@hono/zod-openapi';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, ticketSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}',
  tags: ['tickets'],
  summary: '工单详情',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'the ticket', content: { 'application/json': { schema: ticketSchema } } },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    return c.json(await loadVisibleTicket(c.get('deps').db, user, id), 200);
  });
}
