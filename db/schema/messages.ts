import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.ts';
import { messageChannel } from './enums.ts';

/**
 * Every SMS and e-mail in or out. Outbound rows are the outbox: written in the same transaction as the
 * event that causes them, delivered by workers.
 */
export const messages = pgTable(
  'messages',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    ticketId: integer(),
    contactId: integer(),
    channel: messageChannel().notNull(),
    direction: text().notNull(), // in | out
    toAddr: text().notNull(),
    fromAddr: text(),
    subject: text(),
    body: text().notNull(),
    // out: queued | held | sending | sent | delivered | failed | suppressed | ambiguous; in: received
    status: text().notNull(),
    template: text(),
    // Provider id: Twilio MessageSid, e-mail Message-ID. Unique per channel+direction so redelivery dedupes.
    providerId: text(),
    idempotencyKey: text(),
    urgent: boolean().notNull().default(false),
    notBefore: tstz(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: tstz(),
    meta: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('messages_provider_uq').on(t.channel, t.direction, t.providerId),
    uniqueIndex('messages_idem_uq').on(t.idempotencyKey),
    index('messages_ticket_idx').on(t.ticketId, t.id),
    index('messages_status_idx').on(t.direction, t.status, t.notBefore),
  ],
);
