import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.ts';
import { messageChannel } from './enums.ts';

/**
 * Citizen message templates, editable by administrators. One row per (code, channel). `confidentialBody`
 * is the SMS variant used for confidential tickets: it may only use variables that reveal nothing of the
 * matter (checked when saved, see domain/followup/templates.ts).
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: serial().primaryKey(),
    code: text().notNull(),
    channel: messageChannel().notNull(),
    name: text().notNull(),
    subject: text(),
    body: text().notNull(),
    confidentialBody: text(),
    // Urgent templates bypass quiet hours (e.g. an urgent ticket's dispatch notice).
    urgent: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    updatedById: integer(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex('message_templates_code_channel_uq').on(t.code, t.channel)],
);

/**
 * One revisit (回访) per accepted reply. method: sms (waiting for 1/2/3) or phone (in the agents' queue).
 * status: open → done | cancelled. result: satisfied | basically_satisfied | dissatisfied | unreachable.
 */
export const revisits = pgTable(
  'revisits',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull(),
    dispatchId: integer(),
    // 1 for the first reply, 2 after one re-handle, …
    round: integer().notNull().default(1),
    method: text().notNull(),
    status: text().notNull().default('open'),
    result: text(),
    comment: text(),
    dueAt: tstz().notNull(),
    // The SMS answer window: after it an unanswered SMS revisit moves to the phone queue.
    smsWindowEndsAt: tstz(),
    smsMessageId: bigint({ mode: 'number' }),
    phoneQueuedAt: tstz(),
    // Unreachable retries: when the next phone attempt is due; attempts made so far.
    nextAttemptAt: tstz(),
    attempts: integer().notNull().default(0),
    clockId: integer(),
    assignedToId: integer(),
    recordedById: integer(),
    recordedAt: tstz(),
    recordedVia: text(),
    // A supervisor may rule a dissatisfaction unreasonable (不合理不满意): then it closes the ticket.
    ruling: text(),
    ruledById: integer(),
    ruledAt: tstz(),
    ruleReason: text(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('revisits_ticket_idx').on(t.ticketId, t.id),
    // At most one open revisit per ticket: a repeated openRevisit finds the first.
    uniqueIndex('revisits_open_uq').on(t.ticketId).where(sql`status = 'open'`),
    index('revisits_queue_idx').on(t.status, t.method, t.nextAttemptAt),
  ],
);

/** Every try at a revisit: the SMS answer, each phone call (reachable or not). */
export const revisitAttempts = pgTable(
  'revisit_attempts',
  {
    id: serial().primaryKey(),
    revisitId: integer().notNull(),
    ticketId: integer().notNull(),
    at: tstz().notNull(),
    channel: text().notNull(), // sms | phone
    result: text().notNull(),
    comment: text(),
    actorId: integer(),
    messageId: bigint({ mode: 'number' }),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [index('revisit_attempts_revisit_idx').on(t.revisitId, t.id)],
);

/**
 * Window-service reviews (好差评): a citizen rates a service-hall window. Bad reviews must be revisited
 * and their fix recorded (status open → revisited → fixed; good reviews are closed when recorded).
 */
export const windowReviews = pgTable(
  'window_reviews',
  {
    id: serial().primaryKey(),
    // The window report or ticket it came from, when there is one (Intake's tables).
    windowReportId: integer(),
    ticketId: integer(),
    contactId: integer(),
    hall: text().notNull(),
    windowName: text(),
    matter: text(),
    unitId: integer(),
    // very_satisfied | satisfied | basically_satisfied | dissatisfied | very_dissatisfied
    rating: text().notNull(),
    comment: text(),
    bad: boolean().notNull().default(false),
    status: text().notNull().default('open'),
    reviewedAt: tstz().notNull(),
    revisitDueAt: tstz(),
    revisitedAt: tstz(),
    revisitedById: integer(),
    revisitNote: text(),
    fixDueAt: tstz(),
    fixedAt: tstz(),
    fixedById: integer(),
    fixNote: text(),
    createdById: integer(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [index('window_reviews_status_idx').on(t.bad, t.status, t.reviewedAt)],
);

/** Follow-up settings an administrator may change (one row per key, JSON value). */
export const followupSettings = pgTable('followup_settings', {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  updatedById: integer(),
  updatedAt: tstz().notNull().defaultNow(),
});

/** Closed tickets moved to the archive after the configured period (归档); unarchived when reopened. */
export const ticketArchives = pgTable(
  'ticket_archives',
  {
    ticketId: integer().primaryKey(),
    archivedAt: tstz().notNull(),
    closedAt: tstz(),
    closeReason: text(),
  },
  (t) => [index('ticket_archives_at_idx').on(t.archivedAt)],
);

/**
 * 请市民补充材料: a question put to the citizen while the ticket's clocks wait for the answer. status:
 * open → answered (an SMS or e-mail from the citizen) | expired (no answer by due_at) | cancelled. One open
 * request per ticket.
 */
export const infoRequests = pgTable(
  'info_requests',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull(),
    dispatchId: integer(),
    question: text().notNull(),
    status: text().notNull().default('open'),
    requestedById: integer(),
    requestedAt: tstz().notNull(),
    dueAt: tstz().notNull(),
    answeredAt: tstz(),
    answerText: text(),
    answerMessageId: bigint({ mode: 'number' }),
    ...timestamps,
  },
  (t) => [
    index('info_requests_ticket_idx').on(t.ticketId, t.id),
    uniqueIndex('info_requests_open_uq').on(t.ticketId).where(sql`status = 'open'`),
    index('info_requests_due_idx').on(t.dueAt).where(sql`status = 'open'`),
  ],
);
