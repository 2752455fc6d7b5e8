import { boolean, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';
import { unitKind } from './enums.ts';

export const units = pgTable(
  'units',
  {
    id: serial().primaryKey(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: unitKind().notNull(),
    parentId: integer(),
    // Materialised ancestry "/1/4/9/": subtree checks are one indexed LIKE, no recursive CTE per request.
    path: text().notNull().default('/'),
    active: boolean().notNull().default(true),
    phone: text(),
    leaderName: text(),
    // Working-day calendar for this unit's clocks (Timebox); null = the 'default' calendar.
    calendarId: integer(),
    ...timestamps,
  },
  (t) => [index('units_parent_idx').on(t.parentId), index('units_path_idx').on(t.path)],
);
