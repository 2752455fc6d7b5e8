import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.ts';

/** Raw SQL rows from either driver (postgres.js returns an array, PGlite an object with rows). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}
