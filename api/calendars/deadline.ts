import { createRoute, z } from '@hono/zod-openapi';
import { parseInstant, toShanghaiIso, workingTimeBetween } from '../../domain/calendar/index.ts';
import { deadlineOf, describeLimit, limitFromInput } from '../../domain/sla/index.ts';
import { loadCalendar } from '../../services/calendars.ts';
import { AppError } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idOrCodeParam } from './schemas.ts';

const bodySchema = z
  .object({
    start: z.string().openapi({
      description: 'ISO 8601；不带时区时按北京时间理解',
      example: '2026-09-30T10:00:00+08:00',
    }),
    workingDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .optional()
      .openapi({ description: '第 N 个工作日（不含开始当天）的下班时间' }),
    hours: z.number().min(0).max(100_000).optional().openapi({ description: '工作小时，跨工作时段顺延' }),
    minutes: z.number().min(0).max(6_000_000).optional().openapi({ description: '工作分钟' }),
  })
  .refine((b) => [b.workingDays, b.hours, b.minutes].filter((v) => v !== undefined).length === 1, {
    message: 'workingDays、hours、minutes 三者必须且只能给一个',
    path: ['workingDays'],
  });

const resultSchema = z
  .object({
    deadline: z.string().openapi({ example: '2026-10-10T17:30:00+08:00' }),
    start: z.string(),
    calendar: z.string(),
    limit: z.string().openapi({ example: '3个工作日' }),
    workingMinutes: z.number().openapi({ description: '开始到期限之间的工作分钟数' }),
  })
  .openapi('DeadlineResult');

const route = createRoute({
  method: 'post',
  path: '/api/calendars/{idOrCode}/deadline',
  tags: ['calendars'],
  summary: '期限计算器：按该日历从 start 起算 N 个工作日 / 工作小时 / 工作分钟',
  security: [{ bearer: [] }],
  request: {
    params: idOrCodeParam,
    body: { required: true, content: { 'application/json': { schema: bodySchema } } },
  },
  responses: {
    200: { description: 'the deadline', content: { 'application/json': { schema: resultSchema } } },
    ...errorResponses,
  },
});

export function registerDeadline(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c);
    const { idOrCode } = c.req.valid('param');
    const body = c.req.valid('json');
    const start = parseInstant(body.start);
    if (!start) {
      throw new AppError('validation', 'start 不是合法的时间', {
        fields: [{ path: 'start', message: '需要 ISO 8601，例如 2026-09-30T10:00:00+08:00' }],
      });
    }
    const ref = await loadCalendar(c.get('deps').db, idOrCode);
    const limit = limitFromInput({ workingDays: body.workingDays, hours: body.hours, minutes: body.minutes });
    let deadline: Date;
    try {
      deadline = deadlineOf(ref.calendar, start, limit);
    } catch (err) {
      throw new AppError('validation', `无法计算：${(err as Error).message}`, {
        fields: [{ path: 'start', message: (err as Error).message }],
      });
    }
    return c.json(
      {
        deadline: toShanghaiIso(deadline),
        start: toShanghaiIso(start),
        calendar: ref.code,
        limit: describeLimit(limit),
        workingMinutes: workingTimeBetween(ref.calendar, start, deadline),
      },
      200,
    );
  });
}
