import { createRoute, z } from '@hono/zod-openapi';
import { describeDay, hasHolidayData } from '../../domain/calendar/index.ts';
import { replaceYearDays } from '../../services/calendarAdmin.ts';
import { loadCalendar } from '../../services/calendars.ts';
import { AppError } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { dayInputSchema, idOrCodeParam, intervalSchema } from './schemas.ts';

const yearQuery = z.object({
  year: z.coerce.number().int().min(1992).max(2399).openapi({ example: 2026 }),
});

const dayViewSchema = z.object({
  date: z.string(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday', 'closure']),
  name: z.string().optional(),
  intervals: z.array(intervalSchema),
  workingMinutes: z.number(),
});

const yearSchema = z
  .object({
    calendar: z.string(),
    year: z.number(),
    /** False: neither chinese-days nor an administrator has entered this year's holidays yet. */
    hasHolidayData: z.boolean(),
    workingDays: z.number(),
    days: z.array(dayViewSchema),
  })
  .openapi('CalendarYear');

const getRoute = createRoute({
  method: 'get',
  path: '/api/calendars/{idOrCode}/days',
  tags: ['calendars'],
  summary: '某年每一天的类型与工作时段（节假日、调休上班、临时停办）',
  security: [{ bearer: [] }],
  request: { params: idOrCodeParam, query: yearQuery },
  responses: {
    200: { description: 'every day of the year', content: { 'application/json': { schema: yearSchema } } },
    ...errorResponses,
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/calendars/{idOrCode}/days/{year}',
  tags: ['calendars'],
  summary: '整体替换该日历某年的自定义日期（录入国务院公布的次年安排；applyToAll 同步到所有执行法定节假日的日历）',
  security: [{ bearer: [] }],
  request: {
    params: idOrCodeParam.extend({
      year: z.coerce
        .number()
        .int()
        .min(1992)
        .max(2399)
        .openapi({ param: { name: 'year', in: 'path' } }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ days: z.array(dayInputSchema).max(400), applyToAll: z.boolean().optional() }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'replaced',
      content: {
        'application/json': {
          schema: z.object({ calendars: z.array(z.number()), recomputeRunIds: z.array(z.number()) }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerDays(app: App) {
  app.openapi(getRoute, async (c) => {
    requireRole(c);
    const { idOrCode } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const ref = await loadCalendar(c.get('deps').db, idOrCode);
    const days = [];
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
      const day = describeDay(ref.calendar, d.toISOString().slice(0, 10));
      days.push({ ...day, intervals: day.intervals.map((iv) => ({ start: iv.start, end: iv.end })) });
    }
    return c.json(
      {
        calendar: ref.code,
        year,
        hasHolidayData: hasHolidayData(ref.calendar, year),
        workingDays: days.filter((d) => d.workingMinutes > 0).length,
        days,
      },
      200,
    );
  });

  app.openapi(putRoute, async (c) => {
    const user = requireRole(c, 'admin');
    const { idOrCode, year } = c.req.valid('param');
    const { days, applyToAll } = c.req.valid('json');
    if (year < 1992)
      throw new AppError('validation', 'year 超出范围', { fields: [{ path: 'year', message: '超出范围' }] });
    const res = await replaceYearDays(c.get('deps'), idOrCode, year, days, applyToAll ?? false, {
      actorId: user.id,
      requestId: c.get('requestId'),
    });
    return c.json(res, 200);
  });
}
