import { z } from '@hono/zod-openapi';
import { and, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import { catalogueEntries } from '../../db/schema/index.ts';
import type { App } from '../env.ts';
import { registerReadRoutes } from '../lib/crud.ts';
import { int4Query } from '../lib/ids.ts';
import { boolish, idList } from '../lib/list.ts';
import { catalogueSchema, catalogueView } from './schemas.ts';

const filterSchema = z.object({
  id: idList.optional(),
  categoryId: int4Query.optional(),
  /** A number, or "city" for city-wide rows. */
  jurisdictionId: z.union([z.literal('city'), int4Query]).optional(),
  unitId: int4Query.optional(),
  active: boolish.optional(),
  effectiveAt: z.coerce.date().optional(),
});

export function registerCatalogueRead(app: App) {
  registerReadRoutes(app, {
    resource: 'catalogue',
    tag: 'catalogue',
    summary: '权责清单',
    table: catalogueEntries,
    idColumn: catalogueEntries.id,
    rowSchema: catalogueSchema,
    filterSchema,
    sortable: {
      id: catalogueEntries.id,
      categoryId: catalogueEntries.categoryId,
      unitId: catalogueEntries.unitId,
      effectiveFrom: catalogueEntries.effectiveFrom,
    },
    defaultSort: 'id',
    defaultOrder: 'asc',
    roles: ['agent', 'dispatcher', 'supervisor', 'unit_staff'],
    where: (f) => {
      const c: Array<SQL | undefined> = [];
      if (f.id) c.push(inArray(catalogueEntries.id, f.id));
      if (f.categoryId) c.push(eq(catalogueEntries.categoryId, f.categoryId));
      if (f.jurisdictionId === 'city') c.push(isNull(catalogueEntries.jurisdictionId));
      else if (f.jurisdictionId !== undefined) c.push(eq(catalogueEntries.jurisdictionId, f.jurisdictionId));
      if (f.unitId) c.push(eq(catalogueEntries.unitId, f.unitId));
      if (f.active !== undefined) c.push(eq(catalogueEntries.active, f.active));
      if (f.effectiveAt) {
        c.push(
          lte(catalogueEntries.effectiveFrom, f.effectiveAt),
          or(isNull(catalogueEntries.effectiveTo), gt(catalogueEntries.effectiveTo, f.effectiveAt)),
          eq(catalogueEntries.active, true),
        );
      }
      return and(...c);
    },
    view: catalogueView,
  });
}
