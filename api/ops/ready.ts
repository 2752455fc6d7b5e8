import { createRoute, z } from '@hono/zod-openapi';
import { migrationStatus } from '../../services/readiness.ts';
import { pingRedis } from '../../services/redis.ts';
import type { App } from '../env.ts';

const readySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    db: z.enum(['up', 'down']),
    redis: z.enum(['up', 'down']),
    migrations: z.object({
      expected: z.number().int(),
      applied: z.number().int(),
      pending: z.array(z.string()),
    }),
  })
  .openapi('Readiness');

const route = createRoute({
  method: 'get',
  path: '/api/ready',
  tags: ['ops'],
  summary: '就绪检查：数据库、Redis 可用且迁移已全部执行（负载均衡据此接入流量）',
  description:
    'Readiness, apart from liveness (/api/health): 200 only when PostgreSQL and Redis answer and every ' +
    'migration shipped with this build is applied. A process started against an older schema stays out of ' +
    'the load balancer until `bin/migrate.ts` (or another process) has migrated.',
  responses: {
    200: { description: 'ready for traffic', content: { 'application/json': { schema: readySchema } } },
    503: { description: 'not ready', content: { 'application/json': { schema: readySchema } } },
  },
});

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerReady(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const [db, redis, migrations] = await Promise.all([
      within(deps.database.ping(), 1500).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      within(pingRedis(deps.redis, deps.config.QUEUE_PREFIX), 1500).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      within(migrationStatus(deps.db), 1500).catch(() => null),
    ]);
    const m = migrations ?? { expected: 0, applied: 0, pending: ['(unknown: database unreachable)'] };
    const ok = db === 'up' && redis === 'up' && migrations !== null && m.pending.length === 0;
    return c.json({ status: ok ? 'ready' : 'not_ready', db, redis, migrations: m } as const, ok ? 200 : 503);
  });
}
