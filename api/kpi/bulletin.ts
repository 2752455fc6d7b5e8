import { createRoute, z } from '@hono/zod-openapi';
import { localDateOf, periodOf, previousPeriod } from '../../domain/kpi/periods.ts';
import { monthlyBulletin } from '../../services/kpi/bulletin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { bulletinHtml } from './html.ts';
import { REPORT_ROLES } from './params.ts';

const bulletinSchema = z
  .object({
    month: z.string(),
    label: z.string(),
    status: z.enum(['published', 'provisional']),
    publishedAt: z.string().nullable(),
    headline: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        formula: z.string(),
        value: z.number().nullable(),
        previous: z.number().nullable(),
        delta: z.number().nullable(),
        numerator: z.number(),
        denominator: z.number(),
      }),
    ),
    volume: z.record(z.string(), z.number()),
    topCategories: z.array(z.object({ label: z.string(), created: z.number(), dispatches: z.number() })),
    rankings: z.array(
      z.object({ code: z.string(), name: z.string(), best: z.array(z.unknown()), worst: z.array(z.unknown()) }),
    ),
    corrections: z.array(z.string()),
  })
  .openapi('KpiBulletin');

const route = createRoute({
  method: 'get',
  path: '/api/kpi/bulletin',
  tags: ['kpi'],
  summary: '月度通报（JSON，或 format=html 的页面）；已发布月份取冻结数据',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      month: z
        .string()
        .regex(/^\d{4}-\d{2}$/)
        .optional()
        .openapi({ description: '默认上个月', example: '2026-10' }),
      format: z.enum(['json', 'html']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'the bulletin',
      content: { 'application/json': { schema: bulletinSchema }, 'text/html': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

export function registerBulletin(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...REPORT_ROLES);
    const deps = c.get('deps');
    const q = c.req.valid('query');
    const now = deps.clock.now();
    const month = q.month ?? previousPeriod(periodOf('month', localDateOf(now))).key;
    const b = await monthlyBulletin(deps.readDb, month, now);
    if (q.format === 'html') return c.html(bulletinHtml(b), 200);
    return c.json(b, 200);
  });
}
