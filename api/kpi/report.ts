import { createRoute, z } from '@hono/zod-openapi';
import { KPI_DEFINITIONS } from '../../domain/kpi/definitions.ts';
import { kpiReport } from '../../services/kpi/report.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { REPORT_ROLES, reportQuery, reportQueryOf } from './params.ts';
import { definitionSchema, reportSchema } from './schemas.ts';

const report = createRoute({
  method: 'get',
  path: '/api/kpi/report',
  tags: ['kpi'],
  summary: 'KPI 报表：按单位（含下级）、分类、渠道、日/周/月/季筛选与分组',
  security: [{ bearer: [] }],
  request: { query: reportQuery },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: reportSchema } } },
    ...errorResponses,
  },
});

const definitions = createRoute({
  method: 'get',
  path: '/api/kpi/definitions',
  tags: ['kpi'],
  summary: '各项指标的定义与计算公式',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'definitions', content: { 'application/json': { schema: z.array(definitionSchema) } } },
    ...errorResponses,
  },
});

export function registerReport(app: App) {
  app.openapi(report, async (c) => {
    const user = requireRole(c, ...REPORT_ROLES);
    const deps = c.get('deps');
    const { range, query } = await reportQueryOf(deps.readDb, user, c.req.valid('query'), deps.clock.now());
    const r = await kpiReport(deps.readDb, query);
    return c.json({ ...r, label: range.label }, 200);
  });

  app.openapi(definitions, (c) => {
    requireRole(c);
    return c.json(
      KPI_DEFINITIONS.map((d) => ({ ...d, numerator: [...d.numerator], denominator: [...d.denominator] })),
      200,
    );
  });
}
