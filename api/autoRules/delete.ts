import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { autoDispatchRules } from '../../db/schema/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { autoRuleSchema, autoRuleView } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/auto-rules/{id}',
  tags: ['auto-rules'],
  summary: '删除自动派单规则（已派的工单在 auto_dispatch_log 中保留规则号）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'deleted', content: { 'application/json': { schema: autoRuleSchema } } },
    ...errorResponses,
  },
});

export function registerAutoRulesDelete(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'supervisor');
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const row = await db.transaction(async (tx) => {
      const [del] = await tx.delete(autoDispatchRules).where(eq(autoDispatchRules.id, id)).returning();
      if (!del) throw notFound('自动派单规则');
      await recordAudit(
        tx,
        { actorId: user.id, requestId: c.get('requestId') },
        { entity: 'auto_rule', entityId: id, action: 'delete', changes: { name: del.name } },
      );
      return del;
    });
    return c.json(autoRuleView(row), 200);
  });
}
