import { createRoute, z } from '@hono/zod-openapi';
import { deletePolicy } from '../../services/sla/policyAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/slaPolicies/{id}',
  tags: ['slaPolicies'],
  summary: '删除时限策略（进行中的期限随之重算）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: 'deleted',
      content: { 'application/json': { schema: z.object({ id: z.number(), recomputeRunId: z.number() }) } },
    },
    ...errorResponses,
  },
});

export function registerDelete(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const { id } = c.req.valid('param');
    const res = await deletePolicy(c.get('deps'), id, { actorId: user.id, requestId: c.get('requestId') });
    return c.json({ id, ...res }, 200);
  });
}
