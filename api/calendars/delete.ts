import { createRoute, z } from '@hono/zod-openapi';
import { deleteCalendar } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idOrCodeParam } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/calendars/{idOrCode}',
  tags: ['calendars'],
  summary: '删除未被使用的工作日历（仍有单位或进行中的期限使用时 409）',
  security: [{ bearer: [] }],
  request: { params: idOrCodeParam },
  responses: {
    200: { description: 'deleted', content: { 'application/json': { schema: z.object({ id: z.string() }) } } },
    ...errorResponses,
  },
});

export function registerDelete(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const { idOrCode } = c.req.valid('param');
    await deleteCalendar(c.get('deps').db, idOrCode, { actorId: user.id, requestId: c.get('requestId') });
    return c.json({ id: idOrCode }, 200);
  });
}
