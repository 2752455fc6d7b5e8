/** Query parameters shared by the KPI routes: the period or date range, filters, grouping, unit scope. */
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { KPI_CODES } from '../../domain/kpi/definitions.ts';
import { localDateOf, type Period, parsePeriodKey, periodLabel, periodOf } from '../../domain/kpi/periods.ts';
import { CHANNELS, type Channel } from '../../domain/vocabulary.ts';
import { AppError, forbidden } from '../../services/errors.ts';
import { GROUP_DIMS, type GroupDim, type ReportQuery } from '../../services/kpi/report.ts';
import type { AuthUser } from '../env.ts';
import { rowIdQuery } from '../lib/ids.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const rangeQuery = z.object({
  period: z.string().max(12).optional().openapi({
    description: '统计期：2026-11-23（日）、2026-W48（周）、2026-11（月）、2026-Q4（季）；默认本月',
    example: '2026-11',
  }),
  from: z
    .string()
    .regex(DATE)
    .optional()
    .openapi({ description: '起始日期（含），与 to 一起代替 period', example: '2026-11-01' }),
  to: z.string().regex(DATE).optional().openapi({ description: '结束日期（不含）', example: '2026-12-01' }),
});

export const filterQuery = z.object({
  unitId: rowIdQuery.optional().openapi({ description: '单位（含下级单位）' }),
  categoryId: rowIdQuery.optional().openapi({ description: '分类（含下级分类）' }),
  channel: z.string().max(60).optional().openapi({ description: '渠道，逗号分隔：phone,sms,web,email,window' }),
});

export const reportQuery = rangeQuery.extend(filterQuery.shape).extend({
  groupBy: z.string().max(40).optional().openapi({
    description: '分组维度（最多两个，逗号分隔）：unit, category, channel, day, week, month, quarter',
    example: 'unit',
  }),
  parentUnitId: rowIdQuery.optional().openapi({ description: '按单位分组时：列出此单位的下级单位' }),
  parentCategoryId: rowIdQuery.optional(),
});
export type ReportParams = z.infer<typeof reportQuery>;

export const kpiCodeSchema = z.enum(KPI_CODES);

export interface ResolvedRange {
  from: string;
  to: string;
  label: string;
  period: Period | null;
}

export function resolveRange(q: z.infer<typeof rangeQuery>, now: Date): ResolvedRange {
  if (q.from || q.to) {
    if (!q.from || !q.to || q.from >= q.to) {
      throw new AppError('validation', '需要同时给出 from 和 to，且 from < to', {
        fields: [{ path: q.from ? 'to' : 'from', message: '需要 from < to' }],
      });
    }
    return { from: q.from, to: q.to, label: `${q.from} 至 ${q.to}（不含）`, period: null };
  }
  let p: Period;
  try {
    p = q.period ? parsePeriodKey(q.period) : periodOf('month', localDateOf(now));
  } catch {
    throw new AppError('validation', `统计期 ${q.period} 有误`, {
      fields: [{ path: 'period', message: '格式：2026-11-23、2026-W48、2026-11 或 2026-Q4' }],
    });
  }
  return { from: p.from, to: p.to, label: periodLabel(p), period: p };
}

export function parseChannels(raw: string | undefined): Channel[] | null {
  if (!raw) return null;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((c) => !(CHANNELS as readonly string[]).includes(c));
  if (bad.length) {
    throw new AppError('validation', `未知渠道：${bad.join(', ')}`, {
      fields: [{ path: 'channel', message: `可选：${CHANNELS.join(', ')}` }],
    });
  }
  return list as Channel[];
}

export function parseGroupBy(raw: string | undefined): GroupDim[] {
  if (!raw) return [];
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((d) => !(GROUP_DIMS as readonly string[]).includes(d));
  if (bad.length || list.length > 2 || new Set(list).size !== list.length) {
    throw new AppError('validation', '分组维度有误', {
      fields: [{ path: 'groupBy', message: `最多两个不同维度：${GROUP_DIMS.join(', ')}` }],
    });
  }
  return list as GroupDim[];
}

/** Roles that read KPI reports; unit staff only for their own unit and its children. */
export const REPORT_ROLES = ['supervisor', 'dispatcher', 'agent', 'unit_staff'] as const;

/**
 * The unit a viewer's report is about: unit staff are held to their own subtree (default: their unit);
 * everyone else may ask for any unit or none (the whole city).
 */
export async function scopedUnitId(
  db: Executor,
  user: AuthUser,
  requested: number | undefined,
): Promise<number | null> {
  if (user.role !== 'unit_staff') return requested ?? null;
  if (!user.unitId || !user.unitPath) throw forbidden('账号未关联单位');
  if (requested === undefined || requested === user.unitId) return user.unitId;
  const [u] = await queryRows<{ path: string }>(db, sql`select path from units where id = ${requested}`);
  if (!u?.path.startsWith(user.unitPath)) throw forbidden('只能查看本单位及下级单位的统计');
  return requested;
}

export async function reportQueryOf(db: Executor, user: AuthUser, q: ReportParams, now: Date) {
  const range = resolveRange(q, now);
  const unitId = await scopedUnitId(db, user, q.unitId);
  const query: ReportQuery = {
    from: range.from,
    to: range.to,
    unitId,
    categoryId: q.categoryId ?? null,
    channels: parseChannels(q.channel),
    groupBy: parseGroupBy(q.groupBy),
    parentUnitId:
      user.role === 'unit_staff'
        ? q.parentUnitId
          ? await scopedUnitId(db, user, q.parentUnitId)
          : null
        : (q.parentUnitId ?? null),
    parentCategoryId: q.parentCategoryId ?? null,
  };
  return { range, query };
}
