import { createRoute, z } from '@hono/zod-openapi';
import { pingRedis } from '../services/redis.ts';
import type { App } from './env.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  redis: z.enum(['up', 'down']),
});

const route = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['ops'],
  summary: '健康检查：数据库与 Redis',
  responses: {
    200: { description: 'all dependencies up', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'a dependency is down', content: { 'application/json': { schema: healthSchema } } },
  },
});

async function probe(fn: () => Promise<unknown>, ms = 1500): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealth(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const [db, redis] = await Promise.all([
      probe(() => deps.database.ping()),
      probe(() => pingRedis(deps.redis, deps.config.QUEUE_PREFIX)),
    ]);
    const ok = db === 'up' && redis === 'up';
    return c.json({ status: ok ? 'ok' : 'degraded', db, redis } as const, ok ? 200 : 503);
  });
}
