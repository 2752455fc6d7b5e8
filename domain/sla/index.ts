export { type DeadlineBand, type DeadlineTimes, deadlineBand } from './band.ts';
export type { DeadlineStep, DerivedClock } from './derive.ts';
export { deriveClock } from './derive.ts';
export type { LimitInput } from './limits.ts';
export { deadlineOf, describeLimit, isElapsed, limitFromInput, limitMinutes } from './limits.ts';
export type { CategoryLimits, PolicyRule, ResolvedLimit, TicketFacts } from './policy.ts';
export { DEFAULT_HANDLE_WARN_PERCENT, DEFAULT_POLICIES, matchPolicy, policyMatches, resolveLimit } from './policy.ts';
export type { ClockEvent, ClockKind, ClockLimit, ClockStatus, LimitUnit, SegmentFact, SegmentKind } from './types.ts';
export { CLOCK_EVENTS, CLOCK_KINDS, CLOCK_STATUSES, LIMIT_UNITS, SEGMENT_KINDS } from './types.ts';
