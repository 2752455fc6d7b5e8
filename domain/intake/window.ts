/** Why the matter could not be done at the window (办不成事的原因). */
export const WINDOW_REASONS = ['cannot', 'hard', 'refused'] as const;
export type WindowReason = (typeof WINDOW_REASONS)[number];

export const WINDOW_REASON_LABELS: Record<WindowReason, string> = {
  cannot: '办不了',
  hard: '很难办',
  refused: '不给办',
};

export const WINDOW_REVIEW_OUTCOMES = ['dispatch', 'answered', 'no_action'] as const;
export type WindowReviewOutcome = (typeof WINDOW_REVIEW_OUTCOMES)[number];
