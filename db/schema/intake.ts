import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timestamps, tstz, tsvector } from './columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return 'bytea';
  },
});

/**
 * One row per PBX call, recomputed from all its events each time one arrives, so events redelivered or
 * out of order (hangup before answer) still give one correct record.
 */
export const calls = pgTable(
  'calls',
  {
    id: serial().primaryKey(),
    callId: text().notNull().unique(),
    direction: text().notNull(), // in | out
    fromNumber: text().notNull(),
    toNumber: text(),
    // The citizen's normalised number: caller of an inbound call, callee of an outbound one.
    phone: text(),
    contactId: integer(),
    queue: text(),
    answeringNumber: text(),
    agentId: integer(),
    // ringing | answered | completed | missed (inbound, hung up before answer) | unanswered (outbound)
    status: text().notNull(),
    offeredAt: tstz(),
    answeredAt: tstz(),
    endedAt: tstz(),
    waitSeconds: integer(),
    talkSeconds: integer(),
    cause: text(),
    recordingUrl: text(),
    ...timestamps,
  },
  (t) => [
    index('calls_offered_idx').on(t.offeredAt),
    index('calls_phone_idx').on(t.phone, t.offeredAt),
    index('calls_agent_idx').on(t.agentId, t.offeredAt),
    index('calls_status_idx').on(t.status, t.offeredAt),
  ],
);

/** Raw CTI events; the unique (call, event) makes a redelivered event a no-op. */
export const callEvents = pgTable(
  'call_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    callId: text().notNull(),
    event: text().notNull(), // newCall | answer | hangup
    at: tstz().notNull(),
    receivedAt: tstz().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('call_events_call_event_uq').on(t.callId, t.event)],
);

/** The callback list (漏接回拨): inbound calls hung up before an agent answered. */
export const missedCalls = pgTable(
  'missed_calls',
  {
    id: serial().primaryKey(),
    callId: text().notNull().unique(),
    phone: text(),
    fromNumber: text().notNull(),
    contactId: integer(),
    queue: text(),
    missedAt: tstz().notNull(),
    waitSeconds: integer(),
    // pending | called_back (an agent reached the citizen) | got_through (the citizen called again and was answered)
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastAttemptAt: tstz(),
    clearedAt: tstz(),
    clearedById: integer(),
    clearedByCallId: text(),
    note: text(),
    ...timestamps,
  },
  (t) => [
    index('missed_calls_status_idx').on(t.status, t.missedAt),
    index('missed_calls_phone_idx').on(t.phone, t.status),
  ],
);

/** Knowledge base: answers agents read out for consultations (直接答复). */
export const kbEntries = pgTable(
  'kb_entries',
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    answer: text().notNull(),
    keywords: text(),
    categoryId: integer(),
    active: boolean().notNull().default(true),
    useCount: integer().notNull().default(0),
    createdById: integer(),
    updatedById: integer(),
    searchText: text().notNull().default(''),
    searchTsv: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, search_text)`),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [index('kb_entries_search_idx').using('gin', t.searchTsv), index('kb_entries_category_idx').on(t.categoryId)],
);

/** 办不成事反映窗口: the window clerk's record behind a channel-'window' ticket, waiting for the centre's review. */
export const windowReports = pgTable(
  'window_reports',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull().unique(),
    clerkId: integer(),
    hall: text().notNull(),
    window: text().notNull(),
    serviceItem: text().notNull(),
    departmentId: integer(),
    departmentName: text(),
    // cannot (办不了) | hard (很难办) | refused (不给办)
    reason: text().notNull(),
    anonymous: boolean().notNull().default(false),
    // pending | reviewed (研判)
    reviewStatus: text().notNull().default('pending'),
    reviewOutcome: text(),
    reviewNote: text(),
    reviewedAt: tstz(),
    reviewedById: integer(),
    ...timestamps,
  },
  (t) => [
    index('window_reports_review_idx').on(t.reviewStatus, t.createdAt),
    index('window_reports_clerk_idx').on(t.clerkId, t.createdAt),
  ],
);

/** Many citizens, one incident: proposed by intake, confirmed by a dispatcher; the lead ticket is dispatched. */
export const clusters = pgTable(
  'clusters',
  {
    id: serial().primaryKey(),
    // proposed | confirmed | rejected
    status: text().notNull().default('proposed'),
    title: text().notNull(),
    categoryId: integer(),
    place: text(),
    leadTicketId: integer(),
    proposedById: integer(),
    decidedAt: tstz(),
    decidedById: integer(),
    note: text(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [index('clusters_status_idx').on(t.status, t.createdAt)],
);

export const clusterMembers = pgTable(
  'cluster_members',
  {
    clusterId: integer().notNull(),
    ticketId: integer().notNull(),
    // proposed (waiting for a dispatcher) | joined (confirmed: tickets.cluster_id set) | removed
    state: text().notNull().default('proposed'),
    addedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.ticketId] }), index('cluster_members_ticket_idx').on(t.ticketId)],
);

/** Files that came with an inbound e-mail, kept in the database under a per-file and per-mail size limit. */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    id: serial().primaryKey(),
    messageId: bigint({ mode: 'number' }).notNull(),
    ticketId: integer(),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    data: bytea().notNull(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index('message_attachments_message_idx').on(t.messageId),
    index('message_attachments_ticket_idx').on(t.ticketId),
  ],
);
