import { z } from '@hono/zod-openapi';

/**
 * PostgreSQL's `integer`, which every id (`serial`) and counted column here is. A larger number could only
 * fail in the database; checked here, the 400 names the field and the allowed range, and no round trip is
 * spent on it.
 */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

/** A row id in a JSON body. */
export const rowId = z.number().int().positive().max(INT4_MAX);
/** A row id in a path or a query string. */
export const rowIdQuery = z.coerce.number().int().positive().max(INT4_MAX);
/** Any `integer` column's value in a JSON body (sort orders, versions, sizes). */
export const int4 = z.number().int().min(INT4_MIN).max(INT4_MAX);
/** Any `integer` value in a query string (filters that also accept 0 or a negative sentinel). */
export const int4Query = z.coerce.number().int().min(INT4_MIN).max(INT4_MAX);
