import { createRoute, z } from '@hono/zod-openapi';
import { QUEUE_LABELS, queueCounts, queuesForRole } from '../../services/dispatch/queries.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

const queueSchema = z.object({ queue: z.string(), label: z.string(), count: z.number() }).openapi('DispatchQueueCount');

const route = createRoute({
  method: 'get',
  path: '/api/dispatch-queues',
  tags: ['dispatches'],
  summary: '我的工作队列及数量（按角色：单位待签收/办理中/即将到期/超期；中心退单/延期/答复待审）',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'queues with counts', content: { 'application/json': { schema: z.array(queueSchema) } } },
    ...errorResponses,
  },
});

export function registerQueues(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const deps = c.get('deps');
    const counts = await queueCounts(deps.readDb, user, deps.clock.now());
    return c.json(
      queuesForRole(user.role).map((q) => ({ queue: q, label: QUEUE_LABELS[q], count: counts[q] ?? 0 })),
      200,
    );
  });
}
