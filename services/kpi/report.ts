/**
 * KPI reports over the rollups: any local-day range, filtered by unit (with its children, via units.path),
 * category (with its children), channel; grouped by up to two of unit / category / channel / day / week /
 * month / quarter. Each report reads the coarsest rollup that keeps the dimensions it filters or groups on
 * (domain/kpi/cubes.ts): monthly grains for whole months, daily ones otherwise. Call counters (answer rates)
 * have no unit or category: they join totals, time series and the phone channel only.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { ALL_COUNTERS, type Counters, counterColumn, zeroCounters } from '../../domain/kpi/counters.ts';
import { chooseSource, type RollupSource } from '../../domain/kpi/cubes.ts';
import { computeKpis, type KpiValues } from '../../domain/kpi/definitions.ts';
import { isWholeMonths, parsePeriod, periodLabel, periodOf } from '../../domain/kpi/periods.ts';
import { CHANNELS, type Channel, labels } from '../../domain/vocabulary.ts';
import { AppError } from '../errors.ts';
import { callColSums, eventColSums } from './columns.ts';

export const GROUP_DIMS = ['unit', 'category', 'channel', 'day', 'week', 'month', 'quarter'] as const;
export type GroupDim = (typeof GROUP_DIMS)[number];

export interface ReportQuery {
  /** Local days, [from, to). */
  from: string;
  to: string;
  unitId?: number | null;
  categoryId?: number | null;
  channels?: Channel[] | null;
  /** Zero, one or two dimensions. */
  groupBy?: GroupDim[];
  /** groupBy unit: the children of this unit (default: the filtered unit, else the centre). */
  parentUnitId?: number | null;
  /** groupBy category: the children of this category (default: the filtered category, else top level). */
  parentCategoryId?: number | null;
  /** 'full' forces the full-grain rollups (tests compare it with the cube a report would pick). */
  source?: 'auto' | 'full';
}

export interface GroupKey {
  dim: GroupDim;
  /** unit/category id, channel code or period key; null = unknown. */
  key: string | null;
  label: string;
}

export interface ReportRow {
  keys: GroupKey[];
  counters: Counters;
  kpis: KpiValues;
}

export interface Report {
  from: string;
  to: string;
  groupBy: GroupDim[];
  filters: { unitId: number | null; categoryId: number | null; channels: Channel[] | null };
  /** The rollup read: 'kpi_cubes:mu', 'kpi_monthly', 'kpi_daily'… */
  source: string;
  total: ReportRow;
  rows: ReportRow[];
}

interface TreeNode {
  id: number;
  path: string;
  depth: number;
  kind?: string;
  name: string;
}

async function unitNode(db: Executor, id: number, field: string): Promise<TreeNode> {
  const [u] = await queryRows<{ id: number; path: string; kind: string; name: string }>(
    db,
    sql`select id, path, kind::text as kind, name from units where id = ${id}`,
  );
  if (!u) throw new AppError('validation', '单位不存在', { fields: [{ path: field, message: '单位不存在' }] });
  return { id: Number(u.id), path: u.path, depth: u.path.split('/').length - 2, kind: u.kind, name: u.name };
}

async function categoryNode(db: Executor, id: number, field: string): Promise<TreeNode> {
  const [c] = await queryRows<{ id: number; path: string; name: string }>(
    db,
    sql`select id, path, full_name as name from categories where id = ${id}`,
  );
  if (!c) throw new AppError('validation', '分类不存在', { fields: [{ path: field, message: '分类不存在' }] });
  return { id: Number(c.id), path: c.path, depth: c.path.split('/').length - 2, name: c.name };
}

/** The root of the unit tree (the centre): a filter on it means "everything, centre level included". */
export async function centreUnit(db: Executor): Promise<TreeNode | null> {
  const [u] = await queryRows<{ id: number; path: string; name: string }>(
    db,
    sql`select id, path, name from units where kind = 'centre' order by id limit 1`,
  );
  return u
    ? { id: Number(u.id), path: u.path, depth: u.path.split('/').length - 2, kind: 'centre', name: u.name }
    : null;
}

function childOf(alias: string, idCol: string, parent: TreeNode | null): SQL {
  // unit/category 0 is "none" (centre level / unclassified); own rows of the parent group under the parent.
  if (!parent) return sql.raw(`case when ${idCol} = 0 then 0 else split_part(${alias}.path, '/', 2)::int end`);
  return sql.raw(
    `case when ${idCol} = 0 then 0 when ${alias}.path = '${parent.path.replace(/'/g, '')}' then ${parent.id} ` +
      `else split_part(${alias}.path, '/', ${parent.depth + 2})::int end`,
  );
}

function timeExpr(dim: GroupDim, col: string): SQL {
  switch (dim) {
    case 'day':
      return sql.raw(`${col}::text`);
    case 'week':
      return sql.raw(`date_trunc('week', ${col})::date::text`);
    case 'month':
      return sql.raw(`to_char(${col}, 'YYYY-MM')`);
    default:
      return sql.raw(`to_char(${col}, 'YYYY-"Q"Q')`);
  }
}

function countersOf(row: Record<string, unknown>): Counters {
  const c = zeroCounters();
  for (const name of ALL_COUNTERS) {
    const v = row[counterColumn(name)];
    if (v !== undefined && v !== null) c[name] = Number(v);
  }
  return c;
}

export function validateRange(from: string, to: string): void {
  const ok = /^\d{4}-\d{2}-\d{2}$/;
  if (!ok.test(from) || !ok.test(to) || from >= to) {
    throw new AppError('validation', '统计区间有误', {
      fields: [{ path: 'from', message: '需要 from < to，格式 YYYY-MM-DD' }],
    });
  }
}

export async function kpiReport(db: Executor, q: ReportQuery): Promise<Report> {
  validateRange(q.from, q.to);
  const groupBy = q.groupBy ?? [];
  if (groupBy.length > 2 || new Set(groupBy).size !== groupBy.length) {
    throw new AppError('validation', '最多按两个不同维度分组', {
      fields: [{ path: 'groupBy', message: '最多两个不同维度' }],
    });
  }
  const channels = q.channels?.length ? q.channels : null;
  let unit = q.unitId ? await unitNode(db, q.unitId, 'unitId') : null;
  if (unit?.kind === 'centre') unit = null; // the whole city
  const category = q.categoryId ? await categoryNode(db, q.categoryId, 'categoryId') : null;
  const parentUnit = groupBy.includes('unit')
    ? q.parentUnitId
      ? await unitNode(db, q.parentUnitId, 'parentUnitId')
      : (unit ?? (await centreUnit(db)))
    : null;
  const parentCategory = groupBy.includes('category')
    ? q.parentCategoryId
      ? await categoryNode(db, q.parentCategoryId, 'parentCategoryId')
      : category
    : null;

  const monthly = isWholeMonths(q.from, q.to) && !groupBy.some((d) => d === 'day' || d === 'week');
  const need = {
    monthly,
    unit: !!unit || groupBy.includes('unit'),
    category: !!category || groupBy.includes('category'),
    channel: !!channels || groupBy.includes('channel'),
  };
  const src: RollupSource =
    q.source === 'full' ? { table: monthly ? 'kpi_monthly' : 'kpi_daily', grain: null } : chooseSource(need);
  const table = sql.raw(src.table);
  const dayCol = src.table === 'kpi_monthly' ? 'k.month' : 'k.day';

  // Two stages: sum the rollup rows by their raw keys (ints and short text, a fast hash aggregate over
  // many rows), then map the few resulting keys to groups (child unit, child category, period) and sum again.
  const inner: SQL[] = [];
  if (groupBy.includes('unit')) inner.push(sql.raw('k.unit_id'));
  if (groupBy.includes('category')) inner.push(sql.raw('k.category_id'));
  if (groupBy.includes('channel')) inner.push(sql.raw('k.channel'));
  const timeDim = groupBy.find((d) => d === 'day' || d === 'week' || d === 'month' || d === 'quarter');
  if (timeDim) inner.push(sql`${timeExpr(timeDim, dayCol)} as t`);
  const exprs: SQL[] = groupBy.map((dim) => {
    if (dim === 'unit') return childOf('u', 'x.unit_id', parentUnit);
    if (dim === 'category') return childOf('c', 'x.category_id', parentCategory);
    if (dim === 'channel') return sql.raw('x.channel');
    return sql.raw('x.t');
  });
  const where: SQL[] = [sql`${sql.raw(dayCol)} >= ${q.from}::date`, sql`${sql.raw(dayCol)} < ${q.to}::date`];
  if (src.grain) where.unshift(sql`k.grain = ${src.grain}`);
  if (channels) where.push(sql`k.channel = any(${`{${channels.join(',')}}`}::text[])`);
  const unitScope =
    unit ?? (groupBy.includes('unit') && parentUnit && parentUnit.kind !== 'centre' ? parentUnit : null);
  if (unitScope) where.push(sql`k.unit_id in (select id from units where path like ${`${unitScope.path}%`})`);
  const catScope = category ?? (groupBy.includes('category') ? parentCategory : null);
  if (catScope) where.push(sql`k.category_id in (select id from categories where path like ${`${catScope.path}%`})`);
  const innerSql = sql`select ${inner.length ? sql`${sql.join(inner, sql`, `)}, ` : sql``}${eventColSums('k')}
        from ${table} k where ${sql.join(where, sql` and `)}
        ${
          inner.length
            ? sql`group by ${sql.join(
                inner.map((_, i) => sql.raw(String(i + 1))),
                sql`, `,
              )}`
            : sql``
        }`;
  const eventRows = exprs.length
    ? await queryRows<Record<string, unknown>>(
        db,
        sql`select ${sql.join(
          exprs.map((e, i) => sql`${e} as ${sql.raw(`g${i}`)}`),
          sql`, `,
        )}, ${eventColSums('x')}
          from (${innerSql}) x
          ${groupBy.includes('unit') ? sql`left join units u on u.id = x.unit_id` : sql``}
          ${groupBy.includes('category') ? sql`left join categories c on c.id = x.category_id` : sql``}
          group by ${sql.join(
            exprs.map((_, i) => sql.raw(String(i + 1))),
            sql`, `,
          )}`,
      )
    : await queryRows<Record<string, unknown>>(db, innerSql);

  // Calls: only where they belong (no unit/category filter, phone channel included, no unit/category grouping).
  const callsApply =
    !unit &&
    !category &&
    (!channels || channels.includes('phone')) &&
    !groupBy.some((d) => d === 'unit' || d === 'category');
  const callRows = callsApply ? await callCounters(db, q.from, q.to, groupBy) : [];

  const rows = new Map<string, { raw: (string | null)[]; counters: Counters }>();
  const add = (raw: (string | null)[], c: Counters) => {
    const k = JSON.stringify(raw);
    const row = rows.get(k);
    if (row) for (const n of ALL_COUNTERS) row.counters[n] += c[n];
    else rows.set(k, { raw, counters: c });
  };
  const rawKeys = (r: Record<string, unknown>) =>
    groupBy.map((_, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? null : String(r[`g${i}`])));
  for (const r of eventRows) add(rawKeys(r), countersOf(r));
  for (const r of callRows) add(rawKeys(r), countersOf(r));

  const total = zeroCounters();
  for (const r of rows.values()) for (const n of ALL_COUNTERS) total[n] += r.counters[n];
  if (!groupBy.length) {
    // with no grouping the single row is the total
    rows.clear();
  }

  const labeler = await makeLabeler(
    db,
    groupBy,
    [...rows.values()].map((r) => r.raw),
    parentUnit,
  );
  const out: ReportRow[] = [...rows.values()].map((r) => ({
    keys: r.raw.map((key, i) => labeler(groupBy[i] as GroupDim, key)),
    counters: r.counters,
    kpis: computeKpis(r.counters),
  }));
  out.sort((a, b) => compareKeys(a.keys, b.keys));
  return {
    from: q.from,
    to: q.to,
    groupBy,
    filters: { unitId: q.unitId ?? null, categoryId: q.categoryId ?? null, channels },
    source: src.grain ? `${src.table}:${src.grain}` : src.table,
    total: { keys: [], counters: total, kpis: computeKpis(total) },
    rows: out,
  };
}

async function callCounters(db: Executor, from: string, to: string, groupBy: GroupDim[]) {
  const exprs = groupBy.map((dim) => (dim === 'channel' ? sql.raw(`'phone'`) : timeExpr(dim, 'k.day')));
  const selectKeys = exprs.length
    ? sql.join(
        exprs.map((e, i) => sql`${e} as ${sql.raw(`g${i}`)}`),
        sql`, `,
      )
    : sql.raw('1 as one');
  const groupClause = exprs.length
    ? sql` group by ${sql.join(
        exprs.map((_, i) => sql.raw(`${i + 1}`)),
        sql`, `,
      )}`
    : sql``;
  return queryRows<Record<string, unknown>>(
    db,
    sql`select ${selectKeys}, ${callColSums('k')} from kpi_calls_daily k
        where k.day >= ${from}::date and k.day < ${to}::date${groupClause}`,
  );
}

const CHANNEL_ORDER = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));

function compareKeys(a: GroupKey[], b: GroupKey[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) continue;
    let c = 0;
    if (x.dim === 'unit' || x.dim === 'category') c = Number(x.key ?? 1e12) - Number(y.key ?? 1e12);
    else if (x.dim === 'channel') c = (CHANNEL_ORDER.get(x.key ?? '') ?? 99) - (CHANNEL_ORDER.get(y.key ?? '') ?? 99);
    else c = (x.key ?? '').localeCompare(y.key ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

type Labeler = (dim: GroupDim, key: string | null) => GroupKey;

async function makeLabeler(
  db: Executor,
  groupBy: GroupDim[],
  raws: (string | null)[][],
  parentUnit: TreeNode | null,
): Promise<Labeler> {
  const ids = (dim: GroupDim) => {
    const i = groupBy.indexOf(dim);
    if (i < 0) return [];
    return [...new Set(raws.map((r) => r[i]).filter((k): k is string => k !== null && k !== '0'))].map(Number);
  };
  const unitNames = new Map<string, string>();
  const unitIds = ids('unit');
  if (unitIds.length) {
    const rows = await queryRows<{ id: number; name: string }>(
      db,
      sql`select id, name from units where id = any(${`{${unitIds.join(',')}}`}::int[])`,
    );
    for (const r of rows) unitNames.set(String(r.id), r.name);
  }
  const catNames = new Map<string, string>();
  const catIds = ids('category');
  if (catIds.length) {
    const rows = await queryRows<{ id: number; name: string }>(
      db,
      sql`select id, full_name as name from categories where id = any(${`{${catIds.join(',')}}`}::int[])`,
    );
    for (const r of rows) catNames.set(String(r.id), r.name);
  }
  return (dim, key) => {
    let label: string;
    if (key === null) label = dim === 'unit' ? '未知单位' : dim === 'category' ? '未知分类' : '未知';
    else if (dim === 'unit') {
      label = key === '0' ? '热线中心（直办/未派单）' : (unitNames.get(key) ?? `单位#${key}`);
      if (parentUnit && key === String(parentUnit.id) && parentUnit.kind !== 'centre') label = `${label}（本级）`;
    } else if (dim === 'category') label = key === '0' ? '未分类' : (catNames.get(key) ?? `分类#${key}`);
    else if (dim === 'channel') label = (labels.channel as Record<string, string>)[key] ?? key;
    else if (dim === 'week') {
      const p = periodOf('week', key);
      return { dim, key: p.key, label: periodLabel(p) };
    } else label = periodLabel(parsePeriod(dim === 'day' ? 'day' : dim === 'month' ? 'month' : 'quarter', key));
    return { dim, key, label };
  };
}
