import { z } from '@hono/zod-openapi';
import { rowIdQuery } from '../lib/ids.ts';

export const supervisionSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    reason: z.string(),
    unitId: z.number(),
    unitName: z.string().nullable(),
    dueAt: z.string(),
    status: z.enum(['open', 'escalated', 'closed']),
    level: z.number(),
    escalatedAt: z.string().nullable(),
    escalatedTo: z.string().nullable(),
    clockId: z.number().nullable(),
    createdById: z.number().nullable(),
    closedById: z.number().nullable(),
    closedAt: z.string().nullable(),
    resultNote: z.string().nullable(),
    overdue: z.boolean(),
    ticketIds: z.array(z.number()),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SupervisionCase');

export const caseIdParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
