import { z } from '@hono/zod-openapi';
import { CLOCK_KINDS, LIMIT_UNITS } from '../../domain/sla/index.ts';
import { PRIORITIES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { rowId } from '../lib/ids.ts';

export const limitSchema = z
  .object({
    value: z.number().positive().max(100_000),
    unit: z.enum(LIMIT_UNITS).openapi({
      description:
        'working_days 工作日 | working_hours 工作小时 | working_minutes 工作分钟 | hours/minutes 自然时间（不分昼夜）',
    }),
  })
  .refine((l) => l.unit !== 'working_days' || Number.isInteger(l.value), { message: '工作日须为整数', path: ['value'] })
  .openapi('PolicyLimit');

export const limitsSchema = z
  .object({
    sign: limitSchema.optional(),
    handle: limitSchema.optional(),
    revisit: limitSchema.optional(),
    return_decision: limitSchema.optional(),
    supervision: limitSchema.optional(),
  })
  .strict();

export const policyInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  position: z.number().int().min(0).max(1_000_000).openapi({ description: '匹配顺序：小者优先（不按名称）' }),
  active: z.boolean().optional(),
  ticketType: z.enum(TICKET_TYPES).nullable().optional(),
  priority: z.enum(PRIORITIES).nullable().optional(),
  categoryId: rowId.nullable().optional(),
  limits: limitsSchema,
  warnPercent: z.number().int().min(1).max(99).nullable().optional(),
  warnKinds: z.array(z.enum(CLOCK_KINDS)).max(5).optional(),
});

export const policyPatchSchema = policyInputSchema.partial().loose();

export const policySchema = z
  .object({
    id: z.number(),
    name: z.string(),
    position: z.number(),
    active: z.boolean(),
    ticketType: z.enum(TICKET_TYPES).nullable(),
    priority: z.enum(PRIORITIES).nullable(),
    categoryId: z.number().nullable(),
    limits: z.record(z.string(), z.object({ value: z.number(), unit: z.enum(LIMIT_UNITS) })),
    warnPercent: z.number().nullable(),
    warnKinds: z.array(z.enum(CLOCK_KINDS)),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    recomputeRunId: z.number().nullable().optional(),
  })
  .openapi('SlaPolicy');
