import { z } from '@hono/zod-openapi';
import { DISPATCH_ACTIONS } from '../../domain/dispatch/machine.ts';
import { DISPATCH_STATES, EXTENSION_STATES } from '../../domain/dispatch/states.ts';
import { rowIdQuery } from '../lib/ids.ts';

export const dispatchSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    ticketNo: z.string(),
    ticketTitle: z.string(),
    ticketType: z.string(),
    ticketPriority: z.string(),
    ticketStatus: z.string(),
    categoryId: z.number().nullable(),
    categoryName: z.string().nullable(),
    unitId: z.number(),
    unitName: z.string(),
    round: z.number(),
    role: z.enum(['lead', 'co']),
    status: z.string().openapi({ description: DISPATCH_STATES.join(' | ') }),
    statusLabel: z.string(),
    extensionStatus: z.enum(EXTENSION_STATES).nullable(),
    dispatchedAt: z.string(),
    dispatchedById: z.number().nullable(),
    instructions: z.string().nullable(),
    signedAt: z.string().nullable(),
    signedById: z.number().nullable(),
    deemedSigned: z.boolean(),
    signDueAt: z.string().nullable(),
    handleDueAt: z.string().nullable(),
    warnAt: z
      .string()
      .nullable()
      .openapi({ description: '当前时限（签收或办理）的预警时间，按时限策略的预警比例（工作时间）' }),
    repliedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    fromDispatchId: z.number().nullable(),
    version: z.number(),
    updatedAt: z.string(),
    urgeCount: z.number(),
    overdue: z.boolean(),
    dueSoon: z.boolean().openapi({ description: '已过预警时间、尚未超期（即将到期队列）' }),
    pendingReturn: z.record(z.string(), z.unknown()).nullable(),
    pendingExtension: z.record(z.string(), z.unknown()).nullable(),
    latestReply: z.record(z.string(), z.unknown()).nullable(),
    allowedActions: z.array(z.enum(DISPATCH_ACTIONS)),
  })
  .openapi('Dispatch');

export const dispatchIdParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

/** 200 with the dispatch after the action; the shared error responses cover 400/403/404/409. */
export const dispatchResponse = {
  200: { description: 'the dispatch after the action', content: { 'application/json': { schema: dispatchSchema } } },
};

const trimmed = (max: number, msg: string) => z.string().trim().min(1, msg).max(max);
export const reasonText = trimmed(1000, '请填写原因');
export const isoDate = z.coerce.date({ message: '不是合法的日期时间' });
