/** SQL fragments over the counter columns, built once from the counter list (constants, never user input). */
import { type SQL, sql } from 'drizzle-orm';
import { CALL_COUNTERS, counterColumn, EVENT_COUNTERS } from '../../domain/kpi/counters.ts';

export const EVENT_COLS = EVENT_COUNTERS.map(counterColumn);
export const CALL_COLS = CALL_COUNTERS.map(counterColumn);

/** "created, direct_answered, …" */
export const eventColList = sql.raw(EVENT_COLS.join(', '));

/** "created int, direct_answered int, …" for jsonb_to_recordset. */
export const eventColTypes = sql.raw(EVENT_COLS.map((c) => `${c} int`).join(', '));

/** "coalesce(created, 0), …" */
export const eventColCoalesced = sql.raw(EVENT_COLS.map((c) => `coalesce(${c}, 0)`).join(', '));

/** "created = t.created + excluded.created, …" */
export function eventColIncrement(table: string): SQL {
  return sql.raw(EVENT_COLS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));
}

/** "sum(k.created)::bigint as created, …" (as text-safe numbers; callers Number() them). */
export function eventColSums(alias: string): SQL {
  return sql.raw(EVENT_COLS.map((c) => `coalesce(sum(${alias}.${c}), 0)::bigint as ${c}`).join(', '));
}

export function callColSums(alias: string): SQL {
  return sql.raw(CALL_COLS.map((c) => `coalesce(sum(${alias}.${c}), 0)::bigint as ${c}`).join(', '));
}
