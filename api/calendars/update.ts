import { createRoute } from '@hono/zod-openapi';
import { updateCalendar } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { calendarPatchSchema, calendarSchema, idOrCodeParam } from './schemas.ts';

const route = (method: 'put' | 'patch') =>
  createRoute({
    method,
    path: '/api/calendars/{idOrCode}',
    tags: ['calendars'],
    summary: '修改工作日历（days 给出时整体替换自定义日期；进行中的期限随之重算）',
    security: [{ bearer: [] }],
    request: {
      params: idOrCodeParam,
      body: { required: true, content: { 'application/json': { schema: calendarPatchSchema } } },
    },
    responses: {
      200: {
        description: 'updated; recomputeRunId when open deadlines are being recomputed',
        content: { 'application/json': { schema: calendarSchema } },
      },
      ...errorResponses,
    },
  });

export function registerUpdate(app: App) {
  for (const method of ['put', 'patch'] as const) {
    app.openapi(route(method), async (c) => {
      const user = requireRole(c, 'admin');
      const { idOrCode } = c.req.valid('param');
      const { name, description, weekly, workdayIntervals, observeHolidays, active, days } = c.req.valid('json');
      const view = await updateCalendar(
        c.get('deps'),
        idOrCode,
        { name, description, weekly, workdayIntervals, observeHolidays, active, days },
        { actorId: user.id, requestId: c.get('requestId') },
      );
      return c.json(view, 200);
    });
  }
}
