import { boolean, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

export const contacts = pgTable('contacts', {
  id: serial().primaryKey(),
  // E.164 (+8613812345678, landlines +86105551234 with area code); unique so every channel finds one citizen.
  phone: text().unique(),
  email: text().unique(),
  name: text(),
  smsOptOut: boolean().notNull().default(false),
  note: text(),
  ...timestamps,
});
