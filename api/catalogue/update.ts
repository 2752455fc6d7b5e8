import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { catalogueEntries } from '../../db/schema/index.ts';
import { changedFields, recordAudit } from '../../services/audit.ts';
import { notFound } from '../../services/errors.ts';
import { settleOverlaps, validateCatalogueInput } from '../../services/routing/catalogue.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { catalogueInputSchema, catalogueSchema, catalogueView } from './schemas.ts';

// react-admin PUTs the whole record back: read-only fields are ignored.
const patchSchema = catalogueInputSchema
  .omit({ replaceExisting: true })
  .partial()
  .extend({ replaceExisting: catalogueInputSchema.shape.replaceExisting })
  .loose();

export function registerCatalogueUpdate(app: App) {
  for (const method of ['put', 'patch'] as const) {
    const route = createRoute({
      method,
      path: '/api/catalogue/{id}',
      tags: ['catalogue'],
      summary: '修改权责清单条目（单位、协办、生效期、启停）',
      security: [{ bearer: [] }],
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchSchema } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: catalogueSchema } } },
        ...errorResponses,
      },
    });
    app.openapi(route, async (c) => {
      const user = requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const deps = c.get('deps');
      const now = deps.clock.now();
      const row = await deps.db.transaction(async (tx) => {
        const [cur] = await tx.select().from(catalogueEntries).where(eq(catalogueEntries.id, id)).for('update');
        if (!cur) throw notFound('权责清单条目');
        const next = {
          categoryId: b.categoryId ?? cur.categoryId,
          jurisdictionId: b.jurisdictionId === undefined ? cur.jurisdictionId : b.jurisdictionId,
          unitId: b.unitId ?? cur.unitId,
          coUnitIds: b.coUnitIds ?? cur.coUnitIds,
          effectiveFrom: b.effectiveFrom ?? cur.effectiveFrom,
          effectiveTo: b.effectiveTo === undefined ? cur.effectiveTo : b.effectiveTo,
          note: b.note === undefined ? cur.note : b.note,
          active: b.active ?? cur.active,
        };
        await validateCatalogueInput(tx, next);
        await settleOverlaps(tx, next, { selfId: id, replace: b.replaceExisting, now });
        const [upd] = await tx
          .update(catalogueEntries)
          .set({ ...next, updatedAt: now })
          .where(eq(catalogueEntries.id, id))
          .returning();
        if (!upd) throw notFound('权责清单条目');
        await recordAudit(
          tx,
          { actorId: user.id, requestId: c.get('requestId') },
          { entity: 'catalogue', entityId: id, action: 'update', changes: changedFields(cur, upd) },
        );
        return upd;
      });
      return c.json(catalogueView(row), 200);
    });
  }
}
