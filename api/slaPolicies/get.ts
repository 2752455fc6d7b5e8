import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { slaPolicies } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import { policyView } from '../../services/sla/policyAdmin.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { policySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/slaPolicies/{id}',
  tags: ['slaPolicies'],
  summary: '时限策略详情',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'the policy', content: { 'application/json': { schema: policySchema } } },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const { id } = c.req.valid('param');
    const [row] = await c.get('deps').db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
    if (!row) throw notFound('时限策略');
    return c.json(policyView(row), 200);
  });
}
