import { createRoute, z } from '@hono/zod-openapi';
import { dashboardData } from '../../services/kpi/dashboard.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { REPORT_ROLES } from './params.ts';

const dashboardSchema = z
  .object({
    asOf: z.string(),
    today: z.object({
      date: z.string(),
      intakeByChannel: z.array(z.object({ channel: z.string(), label: z.string(), count: z.number() })),
      total: z.number(),
      answerRate: z.number().nullable(),
      directAnswerRate: z.number().nullable(),
    }),
    backlogByUnit: z.array(
      z.object({ unitId: z.number(), name: z.string(), open: z.number(), overdue: z.number(), unsigned: z.number() }),
    ),
    overdue: z.object({ dispatches: z.number(), tickets: z.number() }),
    satisfactionTrend: z.array(
      z.object({
        week: z.string(),
        from: z.string(),
        reached: z.number(),
        satisfied: z.number(),
        rate: z.number().nullable(),
      }),
    ),
  })
  .openapi('KpiDashboard');

const route = createRoute({
  method: 'get',
  path: '/api/kpi/dashboard',
  tags: ['kpi'],
  summary: '看板数据：今日各渠道受理、各单位积压与超时、满意率走势',
  security: [{ bearer: [] }],
  request: { query: z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) }) },
  responses: {
    200: { description: 'dashboard data', content: { 'application/json': { schema: dashboardSchema } } },
    ...errorResponses,
  },
});

export function registerDashboard(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, ...REPORT_ROLES);
    const deps = c.get('deps');
    const { weeks } = c.req.valid('query');
    const data = await dashboardData(deps.readDb, deps.clock.now(), {
      weeks,
      unitPath: user.role === 'unit_staff' ? (user.unitPath ?? '/-1/') : null,
    });
    return c.json(data, 200);
  });
}
