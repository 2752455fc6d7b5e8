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
