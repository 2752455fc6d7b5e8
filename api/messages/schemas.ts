import { z } from '@hono/zod-openapi';
import type { messages } from '../../db/schema/index.ts';
import { MESSAGE_CHANNELS } from '../../domain/vocabulary.ts';
import { rowIdQuery } from '../lib/ids.ts';

export const MESSAGE_STATUSES = [
  'queued',
  'held',
  'sending',
  'sent',
  'delivered',
  'failed',
  'suppressed',
  'ambiguous',
  'received',
] as const;

export const messageSchema = z
  .object({
    id: z.number(),
    ticketId: z.number().nullable(),
    contactId: z.number().nullable(),
    channel: z.enum(MESSAGE_CHANNELS),
    direction: z.enum(['in', 'out']),
    toAddr: z.string(),
    fromAddr: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string(),
    status: z.string().openapi({
      description:
        '发出：queued 待发 | held 静默时段暂缓 | sending | sent | delivered | failed | suppressed 已退订 | ambiguous 结果不明（待人工确认）；收到：received',
    }),
    template: z.string().nullable(),
    providerId: z.string().nullable(),
    urgent: z.boolean(),
    notBefore: z.string().nullable(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    sentAt: z.string().nullable(),
    meta: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Message');
export type MessageView = z.infer<typeof messageSchema>;

export function toMessageView(m: typeof messages.$inferSelect): MessageView {
  return {
    id: m.id,
    ticketId: m.ticketId,
    contactId: m.contactId,
    channel: m.channel,
    direction: m.direction === 'in' ? 'in' : 'out',
    toAddr: m.toAddr,
    fromAddr: m.fromAddr,
    subject: m.subject,
    body: m.body,
    status: m.status,
    template: m.template,
    providerId: m.providerId,
    urgent: m.urgent,
    notBefore: m.notBefore?.toISOString() ?? null,
    attempts: m.attempts,
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    meta: m.meta,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export const messageIdParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const noteBody = z.object({ note: z.string().trim().max(500).nullable().optional() });
