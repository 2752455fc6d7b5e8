import { z } from '@hono/zod-openapi';
import type { catalogueEntries } from '../../db/schema/index.ts';
import { isoDates } from '../lib/crud.ts';
import { rowId } from '../lib/ids.ts';

export const catalogueSchema = z
  .object({
    id: z.number(),
    categoryId: z.number(),
    jurisdictionId: z.number().nullable().openapi({ description: 'null = 全市' }),
    unitId: z.number(),
    coUnitIds: z.array(z.number()),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    note: z.string().nullable(),
    active: z.boolean(),
    createdById: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CatalogueEntry');
export type CatalogueView = z.infer<typeof catalogueSchema>;

export const catalogueView = (r: typeof catalogueEntries.$inferSelect | Record<string, unknown>) =>
  isoDates(r as Record<string, unknown>) as CatalogueView;

export const catalogueInputSchema = z.object({
  categoryId: rowId,
  jurisdictionId: rowId.nullable().default(null),
  unitId: rowId,
  coUnitIds: z.array(rowId).max(10).default([]),
  effectiveFrom: z.coerce.date().optional().openapi({ description: '默认现在' }),
  effectiveTo: z.coerce.date().nullable().default(null),
  note: z.string().trim().max(500).nullable().default(null),
  active: z.boolean().default(true),
  replaceExisting: z.boolean().default(false).openapi({ description: '关闭与之重叠的旧条目（单位交接）' }),
});
