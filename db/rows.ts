import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.ts';

/** Raw SQL rows from either driver (postgres.js returns an array, PGlite an object with rows). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Rows fetched by id (`where id in (…)`, which keeps no order) put back in the order of `ids`, the page a
 * sorted id query chose; ids whose row is gone meanwhile are skipped.
 */
export function inIdOrder<T extends { id: number }>(ids: Array<{ id: number }>, rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [row] : [];
  });
}

interface PostgresJsSessionLike {
  session?: { client?: { unsafe?: (text: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown> } };
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/**
 * queryRows as a named prepared statement, for the few big statements run many times a second (the intake
 * batch, the outbox insert). drizzle sends every raw query unnamed, so PostgreSQL parses and plans it each
 * time; a batch statement of several CTEs cost ~2 ms of planning, a third of its whole cost. Prepared, it
 * is planned once per connection. On PGlite (no postgres.js client) it is plain queryRows.
 */
export async function queryRowsPrepared<T>(db: Executor, query: SQL): Promise<T[]> {
  const { session, dialect } = db as unknown as PostgresJsSessionLike;
  const unsafe = session?.client?.unsafe;
  if (!unsafe || !dialect) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await unsafe.call(session.client, text, params, { prepare: true })) as T[];
}
