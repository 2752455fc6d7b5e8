import { createRoute, z } from '@hono/zod-openapi';
import { kpiStatus } from '../../services/kpi/maintain.ts';
import { queueKpiRebuild } from '../../workers/kpi/index.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

const statusSchema = z
  .object({
    watermark: z.number(),
    latestEventId: z.number(),
    lag: z.number(),
    eventsFolded: z.number(),
    waitingOnGap: z.number().nullable(),
    lastRunAt: z.string().nullable(),
    rebuiltAt: z.string().nullable(),
    callsSyncedAt: z.string().nullable(),
  })
  .openapi('KpiStatus');

const status = createRoute({
  method: 'get',
  path: '/api/kpi/status',
  tags: ['kpi'],
  summary: '统计汇总进度：已处理到的事件、积压',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'status', content: { 'application/json': { schema: statusSchema } } },
    ...errorResponses,
  },
});

const rebuild = createRoute({
  method: 'post',
  path: '/api/kpi/rebuild',
  tags: ['kpi'],
  summary: '从事件日志全量重算统计汇总（后台任务；已发布期不受影响）',
  security: [{ bearer: [] }],
  responses: {
    202: { description: 'queued', content: { 'application/json': { schema: z.object({ jobId: z.string() }) } } },
    ...errorResponses,
  },
});

export function registerStatus(app: App) {
  app.openapi(status, async (c) => {
    requireRole(c, 'supervisor', 'dispatcher');
    return c.json(await kpiStatus(c.get('deps').db), 200);
  });

  app.openapi(rebuild, async (c) => {
    requireRole(c, 'admin');
    const jobId = await queueKpiRebuild(c.get('deps'));
    return c.json({ jobId: jobId ?? '' }, 202);
  });
}
