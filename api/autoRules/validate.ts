import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, units } from '../../db/schema/index.ts';
import type { AutoRuleConditions } from '../../domain/routing/autoRules.ts';
import { AppError } from '../../services/errors.ts';

const bad = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });

/** Every id a rule names must exist: a rule pointing nowhere would silently never dispatch. */
export async function validateRuleRefs(
  tx: Executor,
  r: { conditions: AutoRuleConditions; unitId: number | null; coUnitIds: number[] },
): Promise<void> {
  const unitIds = [
    ...new Set([...(r.unitId ? [r.unitId] : []), ...r.coUnitIds, ...(r.conditions.jurisdictionIds ?? [])]),
  ];
  if (unitIds.length) {
    const found = await tx.select({ id: units.id, kind: units.kind }).from(units).where(inArray(units.id, unitIds));
    const kinds = new Map(found.map((u) => [u.id, u.kind]));
    if (r.unitId && (!kinds.has(r.unitId) || kinds.get(r.unitId) === 'centre')) throw bad('unitId', '承办单位不存在');
    for (const id of r.coUnitIds) if (!kinds.has(id)) throw bad('coUnitIds', `单位 ${id} 不存在`);
    for (const id of r.conditions.jurisdictionIds ?? []) {
      if (!kinds.has(id)) throw bad('conditions.jurisdictionIds', `单位 ${id} 不存在`);
    }
  }
  const catIds = r.conditions.categoryIds ?? [];
  if (catIds.length) {
    const found = await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, catIds));
    if (found.length !== new Set(catIds).size) throw bad('conditions.categoryIds', '分类不存在');
  }
  if (!r.unitId && catIds.length === 0) {
    throw bad('unitId', '未指定单位时须按分类取权责清单：请指定单位或分类条件');
  }
}
