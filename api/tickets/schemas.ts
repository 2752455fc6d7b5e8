import { z } from '@hono/zod-openapi';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../domain/vocabulary.ts';
import { rowId, rowIdQuery } from '../lib/ids.ts';

export const ticketSchema = z
  .object({
    id: z.number(),
    ticketNo: z.string(),
    channel: z.enum(CHANNELS),
    type: z.enum(TICKET_TYPES),
    priority: z.enum(PRIORITIES),
    status: z.string().openapi({ description: TICKET_STATUSES.join(' | ') }),
    closeReason: z.string().nullable(),
    title: z.string(),
    content: z.string(),
    address: z.string().nullable(),
    categoryId: z.number().nullable(),
    categoryName: z.string().nullable(),
    districtId: z.number().nullable(),
    contactId: z.number().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    contactEmail: z.string().nullable(),
    confidential: z.boolean(),
    citizenHidden: z.boolean(),
    queryCode: z.string(),
    createdById: z.number().nullable(),
    callId: z.string().nullable(),
    repeatOfId: z.number().nullable(),
    clusterId: z.number().nullable(),
    dueAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    extra: z.record(z.string(), z.unknown()),
  })
  .openapi('Ticket');

export const idParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const phoneField = z.string().trim().min(3).max(40);

/** Fields an agent types on the intake form. */
export const ticketInputSchema = z.object({
  type: z.enum(TICKET_TYPES),
  priority: z.enum(PRIORITIES).default('normal'),
  title: z.string().trim().max(100).optional(),
  content: z.string().trim().min(1, '内容不能为空').max(5000),
  address: z.string().trim().max(200).optional(),
  categoryId: rowId.optional(),
  districtId: rowId.optional(),
  confidential: z.boolean().default(false),
  phone: phoneField.optional(),
  name: z.string().trim().max(50).optional(),
  email: z.email().max(200).optional(),
  callId: z.string().max(100).optional(),
  channel: z.enum(CHANNELS).default('phone'),
});
