import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.ts';

/** Who changed which reference data (users, units, categories, calendars, policies…), and how. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: tstz().notNull().defaultNow(),
    actorId: integer(),
    entity: text().notNull(),
    entityId: text().notNull(),
    action: text().notNull(), // create | update | delete
    changes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId, t.id), index('audit_log_at_idx').on(t.at)],
);
