import { z } from '@hono/zod-openapi';
import type { autoDispatchRules } from '../../db/schema/index.ts';
import { CHANNELS, PRIORITIES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { isoDates } from '../lib/crud.ts';
import { int4, rowId } from '../lib/ids.ts';

export const conditionsSchema = z
  .object({
    categoryIds: z.array(rowId).max(100).optional(),
    types: z.array(z.enum(TICKET_TYPES)).optional(),
    priorities: z.array(z.enum(PRIORITIES)).optional(),
    channels: z.array(z.enum(CHANNELS)).optional(),
    jurisdictionIds: z.array(rowId).max(100).optional(),
    keywords: z.array(z.string().trim().min(1).max(30)).max(50).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => Array.isArray(v) && v.length > 0), {
    message: '至少需要一个条件（否则会派走所有工单）',
  })
  .openapi('AutoRuleConditions');

export const autoRuleSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    active: z.boolean(),
    sortOrder: z.number(),
    conditions: z.record(z.string(), z.unknown()),
    unitId: z.number().nullable().openapi({ description: 'null = 按权责清单' }),
    coUnitIds: z.array(z.number()),
    instructions: z.string().nullable(),
    createdById: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AutoDispatchRule');
export type AutoRuleView = z.infer<typeof autoRuleSchema>;

export const autoRuleView = (r: typeof autoDispatchRules.$inferSelect) =>
  isoDates(r as unknown as Record<string, unknown>) as AutoRuleView;

export const autoRuleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  active: z.boolean().default(true),
  sortOrder: int4.default(100),
  conditions: conditionsSchema,
  unitId: rowId.nullable().default(null),
  coUnitIds: z.array(rowId).max(10).default([]),
  instructions: z.string().trim().max(1000).nullable().default(null),
});
