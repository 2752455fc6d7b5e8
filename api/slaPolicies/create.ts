import { createRoute } from '@hono/zod-openapi';
import { createPolicy } from '../../services/sla/policyAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { policyInputSchema, policySchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/slaPolicies',
  tags: ['slaPolicies'],
  summary: '新增时限策略（进行中的期限随之重算，recomputeRunId 查进度）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: policyInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: policySchema } } },
    ...errorResponses,
  },
});

export function registerCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const view = await createPolicy(c.get('deps'), c.req.valid('json'), {
      actorId: user.id,
      requestId: c.get('requestId'),
    });
    return c.json(view, 201);
  });
}
