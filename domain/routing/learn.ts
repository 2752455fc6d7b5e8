/** What one routed ticket teaches the model: weight deltas to add (pure; the service upserts them). */
export interface WeightDelta {
  kind: 'category' | 'unit';
  token: string;
  targetId: number;
  weight: number;
}

export interface PairDelta {
  categoryId: number;
  jurisdictionId: number;
  unitId: number;
  weight: number;
}

/** Token '' counts documents per target; '#' the total token weight per target (NB denominators). */
export const DOC_TOKEN = '';
export const TOTAL_TOKEN = '#';

/** An accepted suggestion teaches with weight 1, an override with more: the human knew better. */
export const OVERRIDE_WEIGHT = 2;

export function learningDeltas(
  tokens: readonly string[],
  outcome: { categoryId: number | null; unitId: number; jurisdictionId: number | null },
  weight: number,
): { weights: WeightDelta[]; pair: PairDelta | null } {
  const uniq = [...new Set(tokens)].filter((t) => t !== DOC_TOKEN && t !== TOTAL_TOKEN);
  const weights: WeightDelta[] = [];
  const targets: Array<['category' | 'unit', number]> = [['unit', outcome.unitId]];
  if (outcome.categoryId) targets.push(['category', outcome.categoryId]);
  for (const [kind, targetId] of targets) {
    weights.push({ kind, token: DOC_TOKEN, targetId, weight });
    weights.push({ kind, token: TOTAL_TOKEN, targetId, weight: weight * uniq.length });
    for (const token of uniq) weights.push({ kind, token, targetId, weight });
  }
  const pair = outcome.categoryId
    ? { categoryId: outcome.categoryId, jurisdictionId: outcome.jurisdictionId ?? 0, unitId: outcome.unitId, weight }
    : null;
  return { weights, pair };
}
