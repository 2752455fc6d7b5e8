import { boolean, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';
import { ticketType } from './enums.ts';

export const categories = pgTable(
  'categories',
  {
    id: serial().primaryKey(),
    parentId: integer(),
    code: text().notNull().unique(),
    name: text().notNull(),
    // "城乡建设 › 市政设施 › 路灯": denormalised for pickers and search.
    fullName: text().notNull(),
    path: text().notNull().default('/'),
    isLeaf: boolean().notNull().default(true),
    defaultType: ticketType(),
    // Time limits in working days / hours; null = inherit from the SLA policy.
    handleDays: integer(),
    signHours: integer(),
    keywords: text(),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);
