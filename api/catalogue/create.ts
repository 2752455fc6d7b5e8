import { createRoute } from '@hono/zod-openapi';
import { catalogueEntries } from '../../db/schema/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../../services/errors.ts';
import { settleOverlaps, validateCatalogueInput } from '../../services/routing/catalogue.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { catalogueInputSchema, catalogueSchema, catalogueView } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/catalogue',
  tags: ['catalogue'],
  summary: '新增权责清单条目（分类 × 属地 → 承办单位，含生效期）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: catalogueInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: catalogueSchema } } },
    ...errorResponses,
  },
});

export function registerCatalogueCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const { replaceExisting, ...b } = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const input = { ...b, effectiveFrom: b.effectiveFrom ?? now };
    const row = await deps.db.transaction(async (tx) => {
      await validateCatalogueInput(tx, input);
      const replaced = await settleOverlaps(tx, input, { replace: replaceExisting, now });
      const [ins] = await tx
        .insert(catalogueEntries)
        .values({ ...input, createdById: user.id, createdAt: now, updatedAt: now })
        .returning();
      if (!ins) throw new AppError('internal', 'catalogue insert returned nothing');
      await recordAudit(
        tx,
        { actorId: user.id, requestId: c.get('requestId') },
        { entity: 'catalogue', entityId: ins.id, action: 'create', changes: { ...input, replaced } },
      );
      return ins;
    });
    return c.json(catalogueView(row), 201);
  });
}
