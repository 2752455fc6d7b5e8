import { createRoute } from '@hono/zod-openapi';
import { updatePolicy } from '../../services/sla/policyAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { policyPatchSchema, policySchema } from './schemas.ts';

const route = (method: 'put' | 'patch') =>
  createRoute({
    method,
    path: '/api/slaPolicies/{id}',
    tags: ['slaPolicies'],
    summary: '修改时限策略（含调整顺序；进行中的期限随之重算）',
    security: [{ bearer: [] }],
    request: {
      params: idParam,
      body: { required: true, content: { 'application/json': { schema: policyPatchSchema } } },
    },
    responses: {
      200: { description: 'updated', content: { 'application/json': { schema: policySchema } } },
      ...errorResponses,
    },
  });

export function registerUpdate(app: App) {
  for (const method of ['put', 'patch'] as const) {
    app.openapi(route(method), async (c) => {
      const user = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const view = await updatePolicy(
        c.get('deps'),
        id,
        {
          name: b.name,
          position: b.position,
          active: b.active,
          ticketType: b.ticketType,
          priority: b.priority,
          categoryId: b.categoryId,
          limits: b.limits,
          warnPercent: b.warnPercent,
          warnKinds: b.warnKinds,
        },
        { actorId: user.id, requestId: c.get('requestId') },
      );
      return c.json(view, 200);
    });
  }
}
