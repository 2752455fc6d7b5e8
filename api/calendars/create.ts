import { createRoute } from '@hono/zod-openapi';
import { createCalendar } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { calendarInputSchema, calendarSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/calendars',
  tags: ['calendars'],
  summary: '新增工作日历',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: calendarInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: calendarSchema } } },
    ...errorResponses,
  },
});

export function registerCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const view = await createCalendar(c.get('deps'), c.req.valid('json'), {
      actorId: user.id,
      requestId: c.get('requestId'),
    });
    return c.json(view, 201);
  });
}
