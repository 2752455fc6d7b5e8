import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { postgresErrorOf } from '../db/errors.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { queryRows } from '../db/rows.ts';

interface JournalEntry {
  tag: string;
  when: number;
}

let journal: JournalEntry[] | undefined;

/** The migrations this build ships (drizzle-kit's journal), read once. */
export function shippedMigrations(): JournalEntry[] {
  journal ??= (
    JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }
  ).entries;
  return journal;
}

function isUndefinedTable(err: unknown): boolean {
  const code = postgresErrorOf(err)?.code;
  return code === '42P01' || code === '3F000';
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  /** Tags shipped with this build and not yet applied to the database. */
  pending: string[];
}

/**
 * drizzle's migrator applies every journal entry newer than the newest `created_at` recorded in
 * drizzle.__drizzle_migrations, so the same comparison tells what is still pending.
 */
export async function migrationStatus(db: Executor): Promise<MigrationStatus> {
  const shipped = shippedMigrations();
  let applied = 0;
  let last = -1;
  try {
    const [row] = await queryRows<{ n: string | number; last: string | number | null }>(
      db,
      sql`select count(*) as n, max(created_at) as last from drizzle.__drizzle_migrations`,
    );
    applied = Number(row?.n ?? 0);
    last = row?.last === null || row?.last === undefined ? -1 : Number(row.last);
  } catch (err) {
    // No migrations table yet: nothing applied. Anything else (connection lost) is the caller's problem.
    if (!isUndefinedTable(err)) throw err;
  }
  const pending = shipped.filter((e) => e.when > last).map((e) => e.tag);
  return { expected: shipped.length, applied, pending };
}
