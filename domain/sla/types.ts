/** The clocks a ticket can run; each has its own deadline and timers. */
export const CLOCK_KINDS = ['sign', 'handle', 'revisit', 'return_decision', 'supervision'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** Timer events: yellow warning at the policy's percentage of the window, red breach at the deadline. */
export const CLOCK_EVENTS = ['warning', 'breach'] as const;
export type ClockEvent = (typeof CLOCK_EVENTS)[number];

export const CLOCK_STATUSES = ['running', 'paused', 'stopped'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/**
 * working_* count on the clock's working-day calendar; hours/minutes are elapsed wall-clock time
 * (e.g. "urgent: within 24 hours", counted round the clock).
 */
export const LIMIT_UNITS = ['working_days', 'working_hours', 'working_minutes', 'hours', 'minutes'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface ClockLimit {
  readonly value: number;
  readonly unit: LimitUnit;
}

export const SEGMENT_KINDS = [
  'started',
  'paused',
  'resumed',
  'extended',
  'restarted',
  'recomputed',
  'stopped',
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** What derivation needs from one stored segment. */
export interface SegmentFact {
  readonly kind: SegmentKind;
  /** When the change took effect. */
  readonly at: Date;
  /** started/restarted: the limit counted from `at`. */
  readonly limit?: ClockLimit | null;
  /** started/restarted: yellow warning threshold in percent of the window; null = no warning. */
  readonly warnPercent?: number | null;
  /** extended: the approved new target (absolute; pauses after it still shift it). */
  readonly newDueAt?: Date | null;
}
