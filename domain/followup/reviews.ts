/** Window-service reviews (好差评): five levels, the two lowest are bad reviews that must be followed up. */
export const REVIEW_RATINGS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];

export const REVIEW_RATING_LABELS: Record<ReviewRating, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

export function isBadReview(rating: ReviewRating): boolean {
  return rating === 'dissatisfied' || rating === 'very_dissatisfied';
}

export interface ReviewCounts {
  total: number;
  bad: number;
  badRevisited: number;
  badFixed: number;
  badOverdue: number;
}

export interface ReviewStats extends ReviewCounts {
  good: number;
  /** Share of bad reviews revisited / fixed (the published "100% revisited, 100% fixed"); null without bad reviews. */
  revisitRate: number | null;
  fixRate: number | null;
  goodRate: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

export function reviewStats(c: ReviewCounts): ReviewStats {
  return {
    ...c,
    good: c.total - c.bad,
    revisitRate: ratio(c.badRevisited, c.bad),
    fixRate: ratio(c.badFixed, c.bad),
    goodRate: ratio(c.total - c.bad, c.total),
  };
}
