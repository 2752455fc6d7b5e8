import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../services/errors.ts';
import type { AppEnv } from '../env.ts';
import { inputFieldErrors } from '../errors.ts';
import { int4Query } from './ids.ts';

/**
 * react-admin list conventions, both dialects: ra-data-simple-rest (`sort=["f","ASC"]`, `range=[0,24]`,
 * `filter={…}`) and json-server style (`_sort`, `_order`, `_start`, `_end`, filters as plain params).
 */
export interface ListParams<F> {
  sort: string;
  order: 'asc' | 'desc';
  start: number;
  end: number;
  filter: F;
}

const RESERVED = new Set(['sort', 'range', 'filter', '_sort', '_order', '_start', '_end', 'access_token']);
export const MAX_PAGE = 500;

/** Documents the paging parameters in OpenAPI; filters are added per resource. */
export const listQuerySchema = z.object({
  _sort: z.string().optional(),
  _order: z.enum(['ASC', 'DESC', 'asc', 'desc']).optional(),
  _start: z.string().optional(),
  _end: z.string().optional(),
  sort: z.string().optional().openapi({ example: '["id","DESC"]' }),
  range: z.string().optional().openapi({ example: '[0,24]' }),
  filter: z.string().optional().openapi({ example: '{"status":"registered"}' }),
});

function parseJson(raw: string, field: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('validation', `${field} 不是合法的 JSON`, {
      fields: [{ path: field, message: '不是合法的 JSON' }],
    });
  }
}

export function parseList<S extends z.ZodType>(
  c: Context<AppEnv>,
  filterSchema: S,
  sortable: readonly string[],
  defaultSort: string,
  defaultOrder: 'asc' | 'desc' = 'desc',
): ListParams<z.infer<S>> {
  const q = c.req.queries();
  const one = (k: string) => q[k]?.[0];
  let sort = one('_sort') ?? defaultSort;
  let order: 'asc' | 'desc' = (one('_order') ?? defaultOrder).toLowerCase() === 'asc' ? 'asc' : 'desc';
  const sortRaw = one('sort');
  if (sortRaw) {
    const s = parseJson(sortRaw, 'sort');
    if (Array.isArray(s) && typeof s[0] === 'string') {
      sort = s[0];
      order = String(s[1] ?? 'ASC').toLowerCase() === 'desc' ? 'desc' : 'asc';
    }
  }
  if (!sortable.includes(sort)) {
    throw new AppError('validation', `不支持按 ${sort} 排序`, {
      fields: [{ path: 'sort', message: `可选：${sortable.join(', ')}` }],
    });
  }
  let start = Number(one('_start') ?? 0);
  let end = Number(one('_end') ?? 25);
  const rangeRaw = one('range');
  if (rangeRaw) {
    const r = parseJson(rangeRaw, 'range');
    if (Array.isArray(r)) {
      start = Number(r[0]);
      end = Number(r[1]) + 1; // simple-rest ranges are inclusive
    }
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new AppError('validation', '分页参数有误', {
      fields: [{ path: 'range', message: '需要 0 ≤ start ≤ end 的整数' }],
    });
  }
  end = Math.min(end, start + MAX_PAGE);
  let rawFilter: Record<string, unknown> = {};
  const filterRaw = one('filter');
  if (filterRaw) {
    const f = parseJson(filterRaw, 'filter');
    if (f && typeof f === 'object' && !Array.isArray(f)) rawFilter = f as Record<string, unknown>;
  }
  for (const [k, vs] of Object.entries(q)) {
    if (RESERVED.has(k)) continue;
    rawFilter[k] = vs.length > 1 ? vs : vs[0];
  }
  const parsed = filterSchema.safeParse(rawFilter);
  const invalid = inputFieldErrors(parsed);
  if (!parsed.success || invalid.length) {
    const fields = invalid.map((f) => ({ ...f, path: `filter.${f.path}` }));
    throw new AppError('validation', `筛选条件有误：${fields.map((f) => `${f.path} ${f.message}`).join('；')}`, {
      fields,
    });
  }
  return { sort, order, start, end, filter: parsed.data };
}

/** Content-Range for ra-data-simple-rest, X-Total-Count for json-server style clients. */
export function setTotal(c: Context<AppEnv>, resource: string, start: number, count: number, total: number) {
  const last = count > 0 ? start + count - 1 : start;
  c.header('Content-Range', `${resource} ${start}-${last}/${total}`);
  c.header('X-Total-Count', String(total));
  c.header('Access-Control-Expose-Headers', 'Content-Range, X-Total-Count, X-Total-Count-Capped');
}

/** Filter helpers: query strings arrive as strings, JSON filters as numbers/arrays. */
export const idList = z.union([int4Query, z.array(int4Query)]).transform((v) => (Array.isArray(v) ? v : [v]));
export const boolish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');
export const stringList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.array(z.enum(values))]).transform((v) => (Array.isArray(v) ? v : [v]));
