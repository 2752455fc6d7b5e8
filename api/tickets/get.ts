import { createRoute, z } from '@hono/zod-openapi';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { eventSchema, loadTicketEvents } from './events.ts';
import { idParam, ticketSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}',
  tags: ['tickets'],
  summary: '工单详情（含事件历史）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: 'the ticket with its event history',
      content: { 'application/json': { schema: ticketSchema.extend({ events: z.array(eventSchema) }) } },
    },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const ticket = await loadVisibleTicket(db, user, id);
    return c.json({ ...ticket, events: await loadTicketEvents(db, id) }, 200);
  });
}
