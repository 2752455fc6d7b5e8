import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
} from 'drizzle-orm/pg-core';
import type { AutoRuleConditions } from '../../domain/routing/autoRules.ts';
import { timestamps, tstz } from './columns.ts';

/**
 * The responsibility catalogue (权责清单): category × jurisdiction → responsible unit, valid between two
 * dates. jurisdictionId null = city-wide; a street or district row is more specific and wins. Old rows are
 * closed (effectiveTo) rather than edited, so an old dispatch can still be explained.
 */
export const catalogueEntries = pgTable(
  'catalogue_entries',
  {
    id: serial().primaryKey(),
    categoryId: integer().notNull(),
    jurisdictionId: integer(),
    unitId: integer().notNull(),
    // Units that usually co-handle this matter (协办), proposed with the lead.
    coUnitIds: jsonb().$type<number[]>().notNull().default([]),
    effectiveFrom: tstz().notNull(),
    effectiveTo: tstz(),
    note: text(),
    active: boolean().notNull().default(true),
    createdById: integer(),
    ...timestamps,
  },
  (t) => [index('catalogue_entries_lookup_idx').on(t.categoryId, t.jurisdictionId, t.effectiveFrom)],
);

/**
 * Auto-dispatch rules: first active rule (by sortOrder, then id) whose conditions all hold dispatches the
 * ticket without a human look. unitId null = the catalogue's unit for the ticket's category and place.
 */
export const autoDispatchRules = pgTable(
  'auto_dispatch_rules',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    sortOrder: integer().notNull().default(0),
    conditions: jsonb().$type<AutoRuleConditions>().notNull().default({}),
    unitId: integer(),
    coUnitIds: jsonb().$type<number[]>().notNull().default([]),
    instructions: text(),
    createdById: integer(),
    ...timestamps,
  },
  (t) => [index('auto_dispatch_rules_order_idx').on(t.active, t.sortOrder)],
);

/** One row per ticket the auto-dispatcher looked at, so the sweep never evaluates a ticket twice. */
export const autoDispatchLog = pgTable('auto_dispatch_log', {
  ticketId: integer().primaryKey(),
  ruleId: integer(),
  dispatchId: integer(),
  // dispatched | no_rule | no_unit | skipped
  outcome: text().notNull(),
  at: tstz().notNull(),
});

/**
 * What the system suggested and what the dispatcher chose. accepted=false is an override; both teach the
 * keyword model (routing_weights), overrides with more weight.
 */
export const routingFeedback = pgTable(
  'routing_feedback',
  {
    id: serial().primaryKey(),
    ticketId: integer().notNull(),
    dispatchId: integer(),
    suggestedCategoryId: integer(),
    suggestedUnitId: integer(),
    confidence: doublePrecision(),
    chosenCategoryId: integer(),
    chosenUnitId: integer().notNull(),
    jurisdictionId: integer(),
    accepted: boolean().notNull(),
    // dispatch | return | transfer: overrides also come from a unit returning or the centre transferring.
    source: text().notNull().default('dispatch'),
    actorId: integer(),
    at: tstz().notNull(),
  },
  (t) => [
    index('routing_feedback_ticket_idx').on(t.ticketId),
    index('routing_feedback_pair_idx').on(t.chosenCategoryId, t.jurisdictionId),
  ],
);

/**
 * Learned keyword weights: how often a jieba word appeared in tickets finally handled under a category
 * (kind 'category') or by a unit (kind 'unit'). Token '' holds the per-target document count (the prior).
 */
export const routingWeights = pgTable(
  'routing_weights',
  {
    kind: text().notNull(),
    token: text().notNull(),
    targetId: integer().notNull(),
    weight: doublePrecision().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.token, t.targetId] }),
    index('routing_weights_target_idx').on(t.kind, t.targetId),
  ],
);

/**
 * Learned routing per (category, jurisdiction): how often the final handling unit was each unit. Blended with
 * the catalogue so repeated overrides move the suggestion.
 */
export const routingPairCounts = pgTable(
  'routing_pair_counts',
  {
    categoryId: integer().notNull(),
    // 0 = no jurisdiction known (primary keys cannot hold null).
    jurisdictionId: integer().notNull(),
    unitId: integer().notNull(),
    weight: doublePrecision().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.jurisdictionId, t.unitId] })],
);
