import { createRoute, z } from '@hono/zod-openapi';
import { reconcileOnce } from '../../services/sla/reconcile.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

const resultSchema = z
  .object({
    ran: z.boolean().openapi({ description: 'false: another sweep holds the lock' }),
    scanned: z.number(),
    fired: z.number(),
    failed: z.number(),
    requeued: z.number(),
    resumedRuns: z.number(),
    ms: z.number(),
  })
  .openapi('ReconcileResult');

const route = createRoute({
  method: 'post',
  path: '/api/sla/reconcile',
  tags: ['sla'],
  summary: '立即执行一次定时器核对：补发已到期的提醒/超时，重建 Redis 中缺失的定时任务',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'sweep result', content: { 'application/json': { schema: resultSchema } } },
    ...errorResponses,
  },
});

export function registerReconcile(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, 'admin');
    const res = await reconcileOnce(c.get('deps'));
    return c.json(
      res ? { ran: true, ...res } : { ran: false, scanned: 0, fired: 0, failed: 0, requeued: 0, resumedRuns: 0, ms: 0 },
      200,
    );
  });
}
