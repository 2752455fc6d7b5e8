import { boolean, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.ts';
import { dispatchRole } from './enums.ts';

/** One dispatch = (ticket, unit, round, role) with its own state, deadlines and history. */
export const dispatches = pgTable(
  'dispatches',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull(),
    unitId: integer().notNull(),
    round: integer().notNull().default(1),
    role: dispatchRole().notNull().default('lead'),
    status: text().notNull().default('dispatched'),
    dispatchedById: integer(),
    dispatchedAt: tstz().notNull().defaultNow(),
    instructions: text(),
    signedAt: tstz(),
    signedById: integer(),
    deemedSigned: boolean().notNull().default(false),
    signDueAt: tstz(),
    handleDueAt: tstz(),
    repliedAt: tstz(),
    reviewedAt: tstz(),
    closedAt: tstz(),
    extra: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    version: integer().notNull().default(1),
    // Added by the dispatch feature (nullable, see services/dispatch): extension sub-state
    // (requested | approved | rejected), the dispatch this one replaced (return/transfer), why it closed.
    extensionStatus: text(),
    fromDispatchId: integer(),
    closeReason: text(),
    ...timestamps,
  },
  (t) => [
    index('dispatches_ticket_idx').on(t.ticketId, t.round),
    // Covering (INCLUDE id, sign_due_at, extension_status, role, ticket_id) since migration 0018.
    index('dispatches_unit_status_idx').on(t.unitId, t.status, t.handleDueAt),
    index('dispatches_status_due_idx').on(t.status, t.handleDueAt),
    index('dispatches_status_sign_due_idx').on(t.status, t.signDueAt),
  ],
);
