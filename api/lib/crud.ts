import { createRoute, z } from '@hono/zod-openapi';
import { asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../../domain/vocabulary.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from './ids.ts';
import { listQuerySchema, parseList, setTotal } from './list.ts';

/**
 * GET /api/<resource> and GET /api/<resource>/{id} for the reference tables (units, users, categories,
 * contacts): same paging, sorting, filtering and 404 behaviour everywhere, one implementation.
 */
export interface ReadRoutes<F extends z.ZodType, Row> {
  resource: string;
  tag: string;
  summary: string;
  table: PgTable;
  idColumn: AnyPgColumn;
  rowSchema: z.ZodType<Row>;
  filterSchema: F;
  sortable: Record<string, AnyPgColumn>;
  defaultSort: string;
  defaultOrder?: 'asc' | 'desc';
  roles: Role[];
  where: (filter: z.infer<F>) => SQL | undefined;
  /** Row shaping (drop secrets, format dates). */
  view: (row: Record<string, unknown>) => Row;
}

export const idParam = z.object({
  id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export function registerReadRoutes<F extends z.ZodType, Row>(app: App, spec: ReadRoutes<F, Row>) {
  const base = `/api/${spec.resource}`;
  const list = createRoute({
    method: 'get',
    path: base,
    tags: [spec.tag],
    summary: `${spec.summary}列表`,
    security: [{ bearer: [] }],
    request: { query: listQuerySchema.passthrough() },
    responses: {
      200: { description: 'a page', content: { 'application/json': { schema: z.array(spec.rowSchema) } } },
      ...errorResponses,
    },
  });
  app.openapi(list, async (c) => {
    requireRole(c, ...spec.roles);
    const deps = c.get('deps');
    const p = parseList(c, spec.filterSchema, Object.keys(spec.sortable), spec.defaultSort, spec.defaultOrder);
    const where = spec.where(p.filter);
    const col = spec.sortable[p.sort] ?? spec.idColumn;
    const [rows, [total]] = await Promise.all([
      deps.readDb
        .select()
        .from(spec.table)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), asc(spec.idColumn))
        .limit(p.end - p.start)
        .offset(p.start),
      deps.readDb.select({ n: count() }).from(spec.table).where(where),
    ]);
    setTotal(c, spec.resource, p.start, rows.length, total?.n ?? 0);
    return c.json(rows.map((r) => spec.view(r as Record<string, unknown>)) as never, 200);
  });

  const get = createRoute({
    method: 'get',
    path: `${base}/{id}`,
    tags: [spec.tag],
    summary: `${spec.summary}详情`,
    security: [{ bearer: [] }],
    request: { params: idParam },
    responses: {
      200: { description: 'one row', content: { 'application/json': { schema: spec.rowSchema } } },
      ...errorResponses,
    },
  });
  app.openapi(get, async (c) => {
    requireRole(c, ...spec.roles);
    const { id } = c.req.valid('param');
    const [row] = await c.get('deps').db.select().from(spec.table).where(eq(spec.idColumn, id)).limit(1);
    if (!row) throw notFound(spec.summary);
    return c.json(spec.view(row as Record<string, unknown>) as never, 200);
  });
}

/** ISO strings for every Date field, so JSON output is stable and typed as string. */
export function isoDates<T extends Record<string, unknown>>(
  row: T,
): { [K in keyof T]: T[K] extends Date ? string : T[K] } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as { [K in keyof T]: T[K] extends Date ? string : T[K] };
}
