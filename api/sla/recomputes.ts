import { createRoute, z } from '@hono/zod-openapi';
import { asc, count, desc, eq } from 'drizzle-orm';
import { slaRecomputeRuns } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import type { RecomputeRun } from '../../services/sla/recompute.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { listQuerySchema, parseList, setTotal } from '../lib/list.ts';

export const runSchema = z
  .object({
    id: z.number(),
    scope: z.string().openapi({ description: 'calendar | unit | policies | all' }),
    scopeId: z.number().nullable(),
    reason: z.string(),
    requestedById: z.number().nullable(),
    status: z.string().openapi({ description: 'pending | running | done | failed' }),
    total: z.number(),
    processed: z.number(),
    moved: z.number(),
    percent: z.number(),
    error: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SlaRecomputeRun');

export function runView(r: RecomputeRun) {
  return {
    id: r.id,
    scope: r.scope,
    scopeId: r.scopeId,
    reason: r.reason,
    requestedById: r.requestedById,
    status: r.status,
    total: r.total,
    processed: r.processed,
    moved: r.moved,
    percent: r.status === 'done' ? 100 : r.total > 0 ? Math.min(99, Math.floor((r.processed / r.total) * 100)) : 0,
    error: r.error,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/sla/recomputes',
  tags: ['sla'],
  summary: '期限重算任务（日历或策略修改后自动生成）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.passthrough() },
  responses: {
    200: { description: 'runs, newest first', content: { 'application/json': { schema: z.array(runSchema) } } },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/sla/recomputes/{id}',
  tags: ['sla'],
  summary: '重算任务进度（processed / total，moved 为期限实际变动的数量）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'progress', content: { 'application/json': { schema: runSchema } } },
    ...errorResponses,
  },
});

export function registerRecomputes(app: App) {
  app.openapi(listRoute, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const deps = c.get('deps');
    const p = parseList(c, z.object({}).loose(), ['id'], 'id', 'desc');
    const [rows, [total]] = await Promise.all([
      deps.readDb
        .select()
        .from(slaRecomputeRuns)
        .orderBy(p.order === 'asc' ? asc(slaRecomputeRuns.id) : desc(slaRecomputeRuns.id))
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb.select({ n: count() }).from(slaRecomputeRuns),
    ]);
    setTotal(c, 'sla/recomputes', p.start, rows.length, total?.n ?? 0);
    return c.json(rows.map(runView), 200);
  });

  app.openapi(getRoute, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const { id } = c.req.valid('param');
    const [row] = await c.get('deps').db.select().from(slaRecomputeRuns).where(eq(slaRecomputeRuns.id, id));
    if (!row) throw notFound('重算任务');
    return c.json(runView(row), 200);
  });
}
