import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { autoDispatchRules } from '../../db/schema/index.ts';
import { changedFields, recordAudit } from '../../services/audit.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { autoRuleInputSchema, autoRuleSchema, autoRuleView } from './schemas.ts';
import { validateRuleRefs } from './validate.ts';

const patchSchema = autoRuleInputSchema.partial().loose();

export function registerAutoRulesUpdate(app: App) {
  for (const method of ['put', 'patch'] as const) {
    const route = createRoute({
      method,
      path: '/api/auto-rules/{id}',
      tags: ['auto-rules'],
      summary: '修改自动派单规则',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: autoRuleSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(route, async (c) => {
      const user = requireRole(c, 'supervisor');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const deps = c.get('deps');
      const now = deps.clock.now();
      const row = await deps.db.transaction(async (tx) => {
        const [cur] = await tx.select().from(autoDispatchRules).where(eq(autoDispatchRules.id, id)).for('update');
        if (!cur) throw notFound('自动派单规则');
        const next = {
          name: b.name ?? cur.name,
          active: b.active ?? cur.active,
          sortOrder: b.sortOrder ?? cur.sortOrder,
          conditions: b.conditions ?? cur.conditions,
          unitId: b.unitId === undefined ? cur.unitId : b.unitId,
          coUnitIds: b.coUnitIds ?? cur.coUnitIds,
          instructions: b.instructions === undefined ? cur.instructions : b.instructions,
        };
        await validateRuleRefs(tx, next);
        const [upd] = await tx
          .update(autoDispatchRules)
          .set({ ...next, updatedAt: now })
          .where(eq(autoDispatchRules.id, id))
          .returning();
        if (!upd) throw notFound('自动派单规则');
        await recordAudit(
          tx,
          { actorId: user.id, requestId: c.get('requestId') },
          { entity: 'auto_rule', entityId: id, action: 'update', changes: changedFields(cur, upd) },
        );
        return upd;
      });
      return c.json(autoRuleView(row), 200);
    });
  }
}
