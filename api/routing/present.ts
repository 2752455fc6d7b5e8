import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, units } from '../../db/schema/index.ts';
import type { SuggestionResult } from '../../services/routing/suggest.ts';

/** Names for the ids in a suggestion result, for the dispatcher's one-click choice. */
export async function presentSuggestions(db: Executor, r: SuggestionResult) {
  const unitIds = [
    ...new Set([...r.suggestions.map((s) => s.unitId), ...(r.jurisdiction ? [r.jurisdiction.unitId] : [])]),
  ];
  const catIds = [...new Set(r.suggestions.map((s) => s.categoryId))];
  const [us, cs] = await Promise.all([
    unitIds.length ? db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)) : [],
    catIds.length
      ? db
          .select({ id: categories.id, name: categories.fullName })
          .from(categories)
          .where(inArray(categories.id, catIds))
      : [],
  ]);
  const un = new Map(us.map((u) => [u.id, u.name]));
  const cn = new Map(cs.map((c) => [c.id, c.name]));
  return {
    suggestions: r.suggestions.map((s) => ({
      ...s,
      categoryName: cn.get(s.categoryId) ?? null,
      unitName: un.get(s.unitId) ?? null,
    })),
    jurisdiction: r.jurisdiction ? { ...r.jurisdiction, unitName: un.get(r.jurisdiction.unitId) ?? null } : null,
    keywords: r.tokens.slice(0, 30),
  };
}
