import { createRoute, z } from '@hono/zod-openapi';
import { and, count, gte, lt, sql } from 'drizzle-orm';
import { routingFeedback } from '../../db/schema/index.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

const statsSchema = z
  .object({
    decisions: z.number(),
    accepted: z.number(),
    overridden: z.number(),
    acceptanceRate: z.number().nullable(),
    bySource: z.record(z.string(), z.number()),
  })
  .openapi('RoutingStats');

const route = createRoute({
  method: 'get',
  path: '/api/routing/stats',
  tags: ['routing'],
  summary: '推荐采纳率（派单员采纳 / 改派）',
  security: [{ bearer: [] }],
  request: {
    query: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
  },
  responses: {
    200: { description: 'acceptance of suggestions', content: { 'application/json': { schema: statsSchema } } },
    ...errorResponses,
  },
});

export function registerRoutingStats(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, 'dispatcher', 'supervisor');
    const { from, to } = c.req.valid('query');
    const db = c.get('deps').readDb;
    const where = and(from ? gte(routingFeedback.at, from) : undefined, to ? lt(routingFeedback.at, to) : undefined);
    const rows = await db
      .select({
        source: routingFeedback.source,
        accepted: routingFeedback.accepted,
        n: count(),
      })
      .from(routingFeedback)
      .where(where)
      .groupBy(routingFeedback.source, routingFeedback.accepted)
      .orderBy(sql`1`);
    let accepted = 0;
    let overridden = 0;
    const bySource: Record<string, number> = {};
    for (const r of rows) {
      bySource[r.source] = (bySource[r.source] ?? 0) + r.n;
      // Only the centre's dispatch decisions measure the suggestions; corrections and rules are context.
      if (r.source !== 'dispatch') continue;
      if (r.accepted) accepted += r.n;
      else overridden += r.n;
    }
    const decisions = accepted + overridden;
    return c.json(
      { decisions, accepted, overridden, acceptanceRate: decisions ? accepted / decisions : null, bySource },
      200,
    );
  });
}
