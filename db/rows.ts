import { type SQL, sql } from 'drizzle-orm';
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

/** A json column as postgres.js hands it over through drizzle (text) or PGlite does (parsed). */
export function parseJsonColumn<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

interface PostgresJsSessionLike {
  session?: { client?: { unsafe?: (text: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown> } };
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/** The postgres.js client under a drizzle database or transaction; undefined on PGlite. */
function postgresJsOf(db: Executor) {
  const { session, dialect } = db as unknown as PostgresJsSessionLike;
  const client = session?.client;
  return client?.unsafe && dialect ? { client, unsafe: client.unsafe, dialect } : undefined;
}

/**
 * queryRows as a named prepared statement, for the few big statements run many times a second (the intake
 * batch, the outbox insert). drizzle sends every raw query unnamed, so PostgreSQL parses and plans it each
 * time; a batch statement of several CTEs cost ~2 ms of planning, a third of its whole cost. Prepared, it
 * is planned once per connection. On PGlite (no postgres.js client) it is plain queryRows. The statement is
 * handed to the driver before this returns its promise (services/intake/batch.ts relies on it).
 */
export async function queryRowsPrepared<T>(db: Executor, query: SQL): Promise<T[]> {
  const pg = postgresJsOf(db);
  if (!pg) return queryRows<T>(db, query);
  const { sql: text, params } = pg.dialect.sqlToQuery(query);
  return (await pg.unsafe.call(pg.client, text, params, { prepare: true })) as T[];
}

/**
 * Plans the rest of the transaction for index probes: no sequential scans, no hash or merge joins, no JIT.
 * Sent at once, so it travels with the statements behind it. For transactions of prepared intake
 * statements (queryRowsPrepared): PostgreSQL keeps the generic plan it makes on a connection's sixth run,
 * and one made while the tables were small (or never analyzed: autovacuum is off on this project's CI
 * machine) scanned them whole for each citizen's earlier tickets (a batch of 25 went from 16 to 51 ms as a
 * fresh database reached 8,000 tickets), or hashed all of `messages` to join a batch's few texts (a pass
 * over the table per batch). Every read in those statements is an index probe, and their joins are a few
 * dozen rows to a few dozen probes. A scan that cannot be avoided (the whole small settings table) is then
 * costed at 10^10, which would set off JIT compilation (250 ms a statement), so JIT goes off too.
 */
export function planForIndexProbes(tx: Executor): Promise<unknown> {
  return queryRowsPrepared(
    tx,
    sql`select set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
               set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true)`,
  );
}

/**
 * Whether statements queued in a transaction callback without being awaited still run before its COMMIT:
 * yes on postgres.js (one connection, in order); PGlite refuses queries once the callback has returned.
 */
export function pipelinesCommit(tx: Executor): boolean {
  return postgresJsOf(tx) !== undefined;
}
