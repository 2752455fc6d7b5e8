import { index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.ts';

/** A unit's return (退单) of a dispatch: asked inside the sign window, decided by the centre. */
export const dispatchReturns = pgTable(
  'dispatch_returns',
  {
    id: serial().primaryKey(),
    dispatchId: integer().notNull(),
    ticketId: integer().notNull(),
    unitId: integer().notNull(),
    reasonCode: text().notNull(),
    reasonText: text().notNull(),
    requestedById: integer(),
    requestedAt: tstz().notNull(),
    // pending | approved | overridden
    status: text().notNull().default('pending'),
    decidedById: integer(),
    decidedAt: tstz(),
    decisionNote: text(),
    // approve: the unit the centre re-dispatched to, and that new dispatch.
    newUnitId: integer(),
    newDispatchId: integer(),
    ...timestamps,
  },
  (t) => [
    index('dispatch_returns_status_idx').on(t.status, t.requestedAt),
    index('dispatch_returns_ticket_idx').on(t.ticketId),
    index('dispatch_returns_dispatch_idx').on(t.dispatchId),
  ],
);

/** Extension (延期) requests: asked before the handling deadline; approved (maybe to another date) or rejected. */
export const dispatchExtensions = pgTable(
  'dispatch_extensions',
  {
    id: serial().primaryKey(),
    dispatchId: integer().notNull(),
    ticketId: integer().notNull(),
    unitId: integer().notNull(),
    reason: text().notNull(),
    requestedDueAt: tstz().notNull(),
    // The deadline when it was asked, and the one granted (approved only).
    oldDueAt: tstz(),
    approvedDueAt: tstz(),
    requestedById: integer(),
    requestedAt: tstz().notNull(),
    // pending | approved | rejected | withdrawn
    status: text().notNull().default('pending'),
    decidedById: integer(),
    decidedAt: tstz(),
    decisionNote: text(),
    ...timestamps,
  },
  (t) => [
    index('dispatch_extensions_status_idx').on(t.status, t.requestedAt),
    index('dispatch_extensions_dispatch_idx').on(t.dispatchId),
  ],
);

export interface AttachmentMeta {
  name: string;
  url: string;
  size?: number;
  contentType?: string;
}

/**
 * A unit's reply (办结回复) and the centre's review of it. Co-handling units' replies feed the lead's and are
 * not reviewed on their own (reviewStatus 'not_required').
 */
export const dispatchReplies = pgTable(
  'dispatch_replies',
  {
    id: serial().primaryKey(),
    dispatchId: integer().notNull(),
    ticketId: integer().notNull(),
    unitId: integer().notNull(),
    // resolved | explained | unresolvable
    result: text().notNull(),
    publicText: text().notNull(),
    internalNotes: text(),
    attachments: jsonb().$type<AttachmentMeta[]>().notNull().default([]),
    submittedById: integer(),
    submittedAt: tstz().notNull(),
    // pending | accepted | rejected | not_required
    reviewStatus: text().notNull().default('pending'),
    reviewedById: integer(),
    reviewedAt: tstz(),
    reviewReason: text(),
    ...timestamps,
  },
  (t) => [
    index('dispatch_replies_dispatch_idx').on(t.dispatchId, t.id),
    index('dispatch_replies_review_idx').on(t.reviewStatus, t.submittedAt),
  ],
);

/** Urging (催办): the centre presses a unit; counted per dispatch. */
export const dispatchUrgings = pgTable(
  'dispatch_urgings',
  {
    id: serial().primaryKey(),
    dispatchId: integer().notNull(),
    ticketId: integer().notNull(),
    unitId: integer().notNull(),
    message: text().notNull(),
    byId: integer(),
    at: tstz().notNull(),
  },
  (t) => [
    index('dispatch_urgings_dispatch_idx').on(t.dispatchId),
    index('dispatch_urgings_unit_idx').on(t.unitId, t.at),
  ],
);

/**
 * Supervision (督办) over one or several tickets, with its own deadline; on breach it escalates to the unit's
 * leader. status: open | escalated | closed.
 */
export const supervisionCases = pgTable(
  'supervision_cases',
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    reason: text().notNull(),
    unitId: integer().notNull(),
    dueAt: tstz().notNull(),
    status: text().notNull().default('open'),
    level: integer().notNull().default(0),
    escalatedAt: tstz(),
    escalatedTo: text(),
    // The Timebox 'supervision' clock carrying the deadline; its breach escalates the case.
    clockId: integer(),
    createdById: integer(),
    closedById: integer(),
    closedAt: tstz(),
    resultNote: text(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('supervision_cases_status_idx').on(t.status, t.dueAt),
    index('supervision_cases_unit_idx').on(t.unitId),
  ],
);

export const supervisionCaseTickets = pgTable(
  'supervision_case_tickets',
  {
    caseId: integer().notNull(),
    ticketId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.ticketId] }), index('supervision_case_tickets_ticket_idx').on(t.ticketId)],
);
