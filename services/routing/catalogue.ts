import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { catalogueEntries, categories, units } from '../../db/schema/index.ts';
import { overlaps } from '../../domain/routing/catalogue.ts';
import { AppError, conflict } from '../errors.ts';

export type CatalogueEntry = typeof catalogueEntries.$inferSelect;

export interface CatalogueInput {
  categoryId: number;
  jurisdictionId: number | null;
  unitId: number;
  coUnitIds: number[];
  effectiveFrom: Date;
  effectiveTo: Date | null;
  note: string | null;
  active: boolean;
}

const bad = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });

/** Checks the references of a catalogue row: a leaf category, a handling unit, a district/street. */
export async function validateCatalogueInput(tx: Executor, v: CatalogueInput): Promise<void> {
  const [cat] = await tx.select({ isLeaf: categories.isLeaf }).from(categories).where(eq(categories.id, v.categoryId));
  if (!cat) throw bad('categoryId', '分类不存在');
  const ids = [...new Set([v.unitId, ...v.coUnitIds, ...(v.jurisdictionId ? [v.jurisdictionId] : [])])];
  const rows = await tx
    .select({ id: units.id, kind: units.kind, active: units.active })
    .from(units)
    .where(inArray(units.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const unit = byId.get(v.unitId);
  if (!unit?.active || unit.kind === 'centre') throw bad('unitId', '承办单位不存在、已停用或为热线中心');
  for (const co of v.coUnitIds) {
    const u = byId.get(co);
    if (!u?.active || u.kind === 'centre' || co === v.unitId) throw bad('coUnitIds', `协办单位 ${co} 无效`);
  }
  if (v.jurisdictionId) {
    const j = byId.get(v.jurisdictionId);
    if (!j || (j.kind !== 'district' && j.kind !== 'street')) throw bad('jurisdictionId', '属地须为区县或街道/乡镇');
  }
  if (v.effectiveTo && v.effectiveTo.getTime() <= v.effectiveFrom.getTime()) {
    throw bad('effectiveTo', '失效时间须晚于生效时间');
  }
}

/**
 * The catalogue must name one unit per (category, place) at any instant. With replace=true the rows the new
 * one overlaps are closed at its start (a handover from one unit to another); otherwise 409 names them.
 */
export async function settleOverlaps(
  tx: Executor,
  v: CatalogueInput,
  opts: { selfId?: number; replace?: boolean; now: Date },
): Promise<number[]> {
  const same = await tx
    .select()
    .from(catalogueEntries)
    .where(
      and(
        eq(catalogueEntries.categoryId, v.categoryId),
        v.jurisdictionId === null ? undefined : eq(catalogueEntries.jurisdictionId, v.jurisdictionId),
        eq(catalogueEntries.active, true),
        opts.selfId ? ne(catalogueEntries.id, opts.selfId) : undefined,
      ),
    )
    .for('update');
  const clash = same.filter((r) => overlaps(r, v));
  if (clash.length === 0) return [];
  if (!opts.replace) {
    throw conflict('该分类在该属地已有生效的承办单位，请设置失效时间或选择替换', {
      conflictingIds: clash.map((r) => r.id),
      fields: [{ path: 'effectiveFrom', message: `与第 ${clash.map((r) => r.id).join('、')} 条重叠` }],
    });
  }
  for (const r of clash) {
    if (r.effectiveFrom.getTime() >= v.effectiveFrom.getTime()) {
      // Starts inside the new row's validity: it never takes effect.
      await tx
        .update(catalogueEntries)
        .set({ active: false, updatedAt: opts.now })
        .where(eq(catalogueEntries.id, r.id));
    } else {
      await tx
        .update(catalogueEntries)
        .set({ effectiveTo: v.effectiveFrom, updatedAt: opts.now })
        .where(eq(catalogueEntries.id, r.id));
    }
  }
  return clash.map((r) => r.id);
}
