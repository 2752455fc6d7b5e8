import { createRoute } from '@hono/zod-openapi';
import { calendarView, findCalendarRow } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { calendarSchema, idOrCodeParam } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/calendars/{idOrCode}',
  tags: ['calendars'],
  summary: '工作日历详情（按 id 或代码，含自定义日期与使用它的单位）',
  security: [{ bearer: [] }],
  request: { params: idOrCodeParam },
  responses: {
    200: { description: 'the calendar', content: { 'application/json': { schema: calendarSchema } } },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c);
    const { idOrCode } = c.req.valid('param');
    const db = c.get('deps').db;
    return c.json(await calendarView(db, await findCalendarRow(db, idOrCode)), 200);
  });
}
