import { customType, timestamp } from 'drizzle-orm/pg-core';

/** created/updated columns shared by every mutable table; always timestamptz. */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const tstz = () => timestamp({ withTimezone: true });

/** PostgreSQL tsvector, filled from jieba-segmented text (see domain/search). */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});
