import { createRoute, z } from '@hono/zod-openapi';
import { kpiRankings } from '../../services/kpi/rankings.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { kpiCodeSchema, REPORT_ROLES, rangeQuery, resolveRange } from './params.ts';
import { rankingSchema } from './schemas.ts';

const query = rangeQuery.extend({
  kpi: kpiCodeSchema.default('onTimeCompletionRate'),
  parentUnitId: rowIdQuery.optional(),
  minDenominator: z.coerce.number().int().min(1).max(100_000).default(1),
});

const route = createRoute({
  method: 'get',
  path: '/api/kpi/rankings',
  tags: ['kpi'],
  summary: '单位排名（各单位含下级单位合计；样本不足者不参与排名）',
  security: [{ bearer: [] }],
  request: { query },
  responses: {
    200: { description: 'the ranking', content: { 'application/json': { schema: rankingSchema } } },
    ...errorResponses,
  },
});

export function registerRankings(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...REPORT_ROLES);
    const deps = c.get('deps');
    const q = c.req.valid('query');
    const range = resolveRange(q, deps.clock.now());
    const r = await kpiRankings(deps.readDb, {
      from: range.from,
      to: range.to,
      kpi: q.kpi,
      parentUnitId: q.parentUnitId ?? null,
      minDenominator: q.minDenominator,
    });
    return c.json({ ...r, label: range.label }, 200);
  });
}
