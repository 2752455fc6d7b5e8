import { boolean, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.ts';
import { userRole } from './enums.ts';
import { units } from './units.ts';

export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    username: text().notNull().unique(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull(),
    unitId: integer().references(() => units.id),
    // Extension number on the PBX, used to route screen pops to the answering agent.
    extension: text(),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

export const sessions = pgTable(
  'sessions',
  {
    // Only a hash of the bearer token is stored: a leaked table does not leak live tokens.
    tokenHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    expiresAt: tstz().notNull(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
