import { type CatalogueRow, lookupCatalogue } from './catalogue.ts';

/**
 * Routing suggestions, pure. Three kinds of evidence, each explained in `reasons`:
 * 1. the category: a multinomial naive Bayes over jieba words learned from past dispatches and overrides,
 *    plus the category's own name and keywords appearing in the text;
 * 2. the place: the jurisdiction found from the address (or chosen by the agent);
 * 3. the unit: the responsibility catalogue for (category, place), blended with how dispatchers actually
 *    routed that pair (so repeated overrides move the suggestion); a words → unit model when neither knows.
 */

export interface CategoryInfo {
  id: number;
  name: string;
  fullName: string;
  /** Words that name the matter: the leaf name and the category's keywords, split. */
  keywords: string[];
}

/** Learned counts: token → target → weight; '' holds the per-target document weight. */
export type WeightTable = Map<string, Map<number, number>>;

export interface RoutingModel {
  categories: CategoryInfo[];
  catalogue: CatalogueRow[];
  categoryWeights: WeightTable;
  unitWeights: WeightTable;
  /** Per-target total token weight (the NB denominator). */
  categoryTotals: Map<number, number>;
  unitTotals: Map<number, number>;
  /** (categoryId, jurisdictionId or 0) → unit → weight: where dispatchers finally sent such matters. */
  pairCounts: Map<string, Map<number, number>>;
  unitNames: Map<number, string>;
}

export interface SuggestInput {
  text: string;
  tokens: string[];
  /** Category already chosen by the agent: taken as given. */
  categoryId?: number | null;
  /** Jurisdiction chain, most specific first. */
  jurisdiction: number[];
  jurisdictionName?: string | null;
  /**
   * A unit the report itself names as responsible (the department a service-hall clerk named on a window
   * report): weighted into every category's units, never forced.
   */
  namedUnitId?: number | null;
  now: Date;
}

export interface Suggestion {
  categoryId: number;
  unitId: number;
  confidence: number;
  reasons: string[];
  coUnitIds: number[];
}

/** Laplace smoothing and an assumed vocabulary size (the exact count does not change rankings much). */
const ALPHA = 0.5;
const VOCAB = 5000;
/** Pseudo-count the catalogue's unit gets against observed routing (3 overrides outweigh it). */
const CATALOGUE_PRIOR = 3;
/** Share of a category's unit distribution given to the unit the report names (so it leads, still a suggestion). */
const NAMED_UNIT_WEIGHT = 0.6;
/** Log-score bonus when the category's name or a keyword appears verbatim in the text. */
const NAME_BONUS = 4;
const KEYWORD_BONUS = 2.5;
/** Few routed tickets make a noisy class prior: it counts half. */
const PRIOR_WEIGHT = 0.5;

export const pairKey = (categoryId: number, jurisdictionId: number | null) => `${categoryId}:${jurisdictionId ?? 0}`;

function softmax(scores: Map<number, number>): Map<number, number> {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of scores.values()) max = Math.max(max, v);
  let sum = 0;
  const exp = new Map<number, number>();
  for (const [k, v] of scores) {
    const e = Math.exp(v - max);
    exp.set(k, e);
    sum += e;
  }
  for (const [k, v] of exp) exp.set(k, v / sum);
  return exp;
}

interface NbResult {
  scores: Map<number, number>;
  evidence: Map<number, string[]>;
}

/** Naive Bayes log scores for each target id in `targets`. */
function naiveBayes(
  tokens: readonly string[],
  weights: WeightTable,
  totals: Map<number, number>,
  targets: number[],
): NbResult {
  const docs = weights.get('') ?? new Map<number, number>();
  let allDocs = 0;
  for (const v of docs.values()) allDocs += v;
  const scores = new Map<number, number>();
  const evidence = new Map<number, string[]>();
  const uniq = [...new Set(tokens)];
  for (const id of targets) {
    let s = PRIOR_WEIGHT * Math.log(((docs.get(id) ?? 0) + 1) / (allDocs + targets.length));
    const denom = (totals.get(id) ?? 0) + ALPHA * VOCAB;
    const ev: string[] = [];
    for (const t of uniq) {
      const row = weights.get(t);
      // Words never seen with any target say nothing; skipping them keeps untrained targets comparable.
      if (!row) continue;
      const n = row.get(id) ?? 0;
      s += Math.log((n + ALPHA) / denom);
      if (n > 0) ev.push(t);
    }
    scores.set(id, s);
    evidence.set(id, ev);
  }
  return { scores, evidence };
}

export function rankCategories(
  model: RoutingModel,
  input: SuggestInput,
): Array<{ id: number; p: number; reasons: string[] }> {
  if (input.categoryId) {
    const c = model.categories.find((x) => x.id === input.categoryId);
    if (c) return [{ id: c.id, p: 1, reasons: [`话务员已选分类：${c.fullName}`] }];
  }
  const ids = model.categories.map((c) => c.id);
  const nb = naiveBayes(input.tokens, model.categoryWeights, model.categoryTotals, ids);
  const reasons = new Map<number, string[]>();
  const tokenSet = new Set(input.tokens);
  for (const c of model.categories) {
    const rs: string[] = [];
    let bonus = 0;
    if (input.text.includes(c.name)) {
      bonus += NAME_BONUS;
      rs.push(`内容提到「${c.name}」`);
    }
    const kw = c.keywords.filter((k) => k !== c.name && k.length >= 2 && (tokenSet.has(k) || input.text.includes(k)));
    if (kw.length) {
      // A keyword counts fully until history shows it in other categories' tickets too ("小区" is
      // everywhere): then only by the share of its occurrences that were this category.
      for (const k of kw.slice(0, 3)) {
        const seen = model.categoryWeights.get(k);
        let total = 0;
        for (const v of seen?.values() ?? []) total += v;
        bonus += KEYWORD_BONUS * (((seen?.get(c.id) ?? 0) + 1) / (total + 1));
      }
      rs.push(`关键词：${kw.slice(0, 3).join('、')}`);
    }
    const ev = nb.evidence.get(c.id) ?? [];
    if (ev.length) rs.push(`历史派单相似词：${ev.slice(0, 4).join('、')}`);
    nb.scores.set(c.id, (nb.scores.get(c.id) ?? 0) + bonus);
    reasons.set(c.id, rs);
  }
  const p = softmax(nb.scores);
  return [...p.entries()]
    .map(([id, prob]) => ({ id, p: prob, reasons: reasons.get(id) ?? [] }))
    .sort((a, b) => b.p - a.p);
}

/** P(unit | category, place): the catalogue's unit as a prior, moved by where such matters actually went. */
export function unitDistribution(
  model: RoutingModel,
  categoryId: number,
  jurisdiction: readonly number[],
  now: Date,
): { dist: Map<number, number>; entry: CatalogueRow | null; observed: Map<number, number> } {
  const entry = lookupCatalogue(model.catalogue, categoryId, jurisdiction, now);
  const observed = new Map<number, number>();
  // Observations at the most specific known place, plus city-wide ones for matters without a place.
  const key = pairKey(categoryId, jurisdiction[0] ?? null);
  for (const [u, w] of model.pairCounts.get(key) ?? []) observed.set(u, (observed.get(u) ?? 0) + w);
  const dist = new Map<number, number>();
  let total = 0;
  if (entry) {
    dist.set(entry.unitId, CATALOGUE_PRIOR);
    total += CATALOGUE_PRIOR;
  }
  for (const [u, w] of observed) {
    dist.set(u, (dist.get(u) ?? 0) + w);
    total += w;
  }
  if (total > 0) for (const [u, w] of dist) dist.set(u, w / total);
  return { dist, entry, observed };
}

export function suggest(model: RoutingModel, input: SuggestInput, limit = 5): Suggestion[] {
  const cats = rankCategories(model, input).slice(0, 5);
  const pairs = new Map<string, Suggestion>();
  const place = input.jurisdictionName ? `属地：${input.jurisdictionName}` : null;
  let unitNb: Map<number, number> | null = null;
  for (const c of cats) {
    if (c.p < 0.01 && pairs.size > 0) continue;
    const { dist, entry, observed } = unitDistribution(model, c.id, input.jurisdiction, input.now);
    if (dist.size === 0) {
      // Neither the catalogue nor history knows this pair: fall back on words → unit.
      unitNb ??= softmax(
        naiveBayes(input.tokens, model.unitWeights, model.unitTotals, [...model.unitNames.keys()]).scores,
      );
      for (const [u, pu] of unitNb) if (pu > 0.05) dist.set(u, pu);
    }
    const named = input.namedUnitId ?? null;
    if (named !== null) {
      for (const [u, pu] of dist) dist.set(u, pu * (1 - NAMED_UNIT_WEIGHT));
      dist.set(named, (dist.get(named) ?? 0) + NAMED_UNIT_WEIGHT);
    }
    for (const [unitId, pu] of dist) {
      const reasons = [...c.reasons];
      if (unitId === named) reasons.push(`反映中指明的责任部门：${model.unitNames.get(unitId) ?? unitId}`);
      if (entry && entry.unitId === unitId) {
        reasons.push(
          `权责清单：${model.unitNames.get(unitId) ?? unitId}负责${entry.jurisdictionId ? '本辖区' : '全市'}该类事项`,
        );
      }
      const seen = observed.get(unitId);
      if (seen) reasons.push(`以往同类同地工单派给该单位 ${Math.round(seen)} 次`);
      if (!entry && !seen) reasons.push('按历史派单文字相似度推荐');
      if (place) reasons.push(place);
      const key = `${c.id}:${unitId}`;
      const confidence = c.p * pu;
      const prev = pairs.get(key);
      if (!prev || prev.confidence < confidence) {
        pairs.set(key, {
          categoryId: c.id,
          unitId,
          confidence,
          reasons,
          coUnitIds: entry && entry.unitId === unitId ? entry.coUnitIds : [],
        });
      }
    }
  }
  return [...pairs.values()]
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, limit)
    .map((s) => ({ ...s, confidence: Math.round(s.confidence * 1000) / 1000 }));
}
