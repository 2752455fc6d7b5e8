import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { catalogueEntries } from '../../db/schema/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { catalogueSchema, catalogueView } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/catalogue/{id}',
  tags: ['catalogue'],
  summary: '停用权责清单条目（保留历史，以便解释过去的派单）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'deactivated', content: { 'application/json': { schema: catalogueSchema } } },
    ...errorResponses,
  },
});

export function registerCatalogueDelete(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const row = await deps.db.transaction(async (tx) => {
      const [cur] = await tx.select().from(catalogueEntries).where(eq(catalogueEntries.id, id)).for('update');
      if (!cur) throw notFound('权责清单条目');
      const [upd] = await tx
        .update(catalogueEntries)
        .set({ active: false, effectiveTo: cur.effectiveTo ?? now, updatedAt: now })
        .where(eq(catalogueEntries.id, id))
        .returning();
      await recordAudit(
        tx,
        { actorId: user.id, requestId: c.get('requestId') },
        { entity: 'catalogue', entityId: id, action: 'delete' },
      );
      return upd ?? cur;
    });
    return c.json(catalogueView(row), 200);
  });
}
