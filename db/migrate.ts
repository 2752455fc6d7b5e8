import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from './client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies drizzle-kit's generated migrations. Several processes may start at once (2 API + 2 workers):
 * one session-level advisory lock on a dedicated connection makes them take turns.
 */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite' || !database.url) {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    // biome-ignore lint/suspicious/noExplicitAny: the PGlite migrator wants its own db class
    await migratePglite(database.db as any, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(hashtext('huiyin:migrate'))`;
    await migratePg(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    await client`select pg_advisory_unlock(hashtext('huiyin:migrate'))`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
