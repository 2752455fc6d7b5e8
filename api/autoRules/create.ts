import { createRoute } from '@hono/zod-openapi';
import { autoDispatchRules } from '../../db/schema/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { autoRuleInputSchema, autoRuleSchema, autoRuleView } from './schemas.ts';
import { validateRuleRefs } from './validate.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auto-rules',
  tags: ['auto-rules'],
  summary: '新增自动派单规则（条件 → 单位，按排序取第一条命中）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: autoRuleInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: autoRuleSchema } } },
    ...errorResponses,
  },
});

export function registerAutoRulesCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'supervisor');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const row = await deps.db.transaction(async (tx) => {
      await validateRuleRefs(tx, b);
      const [ins] = await tx
        .insert(autoDispatchRules)
        .values({ ...b, createdById: user.id, createdAt: now, updatedAt: now })
        .returning();
      if (!ins) throw new AppError('internal', 'rule insert returned nothing');
      await recordAudit(
        tx,
        { actorId: user.id, requestId: c.get('requestId') },
        { entity: 'auto_rule', entityId: ins.id, action: 'create', changes: { ...b } },
      );
      return ins;
    });
    return c.json(autoRuleView(row), 201);
  });
}
