import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps, tstz, tsvector } from './columns.ts';
import { channel, priority, ticketType } from './enums.ts';

export const tickets = pgTable(
  'tickets',
  {
    id: serial().primaryKey(),
    // YYYYMMDD (Asia/Shanghai) + 6-digit daily sequence, e.g. 20261122000042.
    ticketNo: text().notNull().unique(),
    channel: channel().notNull(),
    type: ticketType().notNull(),
    priority: priority().notNull().default('normal'),
    status: text().notNull().default('registered'),
    closeReason: text(),
    title: text().notNull(),
    content: text().notNull(),
    address: text(),
    categoryId: integer(),
    contactId: integer(),
    confidential: boolean().notNull().default(false),
    // Short code the citizen uses with the ticket number on the public status page.
    queryCode: text().notNull(),
    // Jurisdiction (district/street unit) found from the address or chosen by the agent.
    districtId: integer(),
    // The agent who took it first follows it to the end (首问负责).
    createdById: integer(),
    callId: text(),
    // Channel-level idempotency key ("sms:SM…", "email:<id>", "web:<key>"): redelivery never makes a second ticket.
    sourceKey: text(),
    repeatOfId: integer(),
    clusterId: integer(),
    // Denormalised from the SLA clock for list filters and overdue queries; the clock history is the truth.
    dueAt: tstz(),
    closedAt: tstz(),
    extra: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // jieba-segmented title + content + address, so PostgreSQL's 'simple' parser can index Chinese words.
    searchText: text().notNull().default(''),
    searchTsv: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, search_text)`),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('tickets_source_key_uq').on(t.sourceKey),
    // Covering (INCLUDE id) since migration 0018.
    index('tickets_status_created_idx').on(t.status, t.createdAt),
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_contact_idx').on(t.contactId, t.createdAt),
    index('tickets_category_idx').on(t.categoryId),
    index('tickets_due_idx').on(t.dueAt),
    index('tickets_created_by_idx').on(t.createdById, t.createdAt),
    index('tickets_search_idx').using('gin', t.searchTsv),
  ],
);

/** Append-only: a trigger (migration 0001) rejects UPDATE and DELETE. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    ticketId: integer().notNull(),
    dispatchId: integer(),
    at: tstz().notNull().defaultNow(),
    actorId: integer(),
    // user | system | citizen | unit: who acted, for timelines and KPIs.
    actorKind: text().notNull().default('user'),
    action: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    unitId: integer(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
  },
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.id),
    index('ticket_events_at_idx').on(t.at),
    index('ticket_events_action_at_idx').on(t.action, t.at),
  ],
);

/** One row per local day; the ticket number is allocated with one atomic upsert. */
export const ticketCounters = pgTable('ticket_counters', {
  day: text().primaryKey(),
  last: integer().notNull(),
});
