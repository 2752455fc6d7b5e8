import type { WorkingCalendar } from '../calendar/index.ts';
import { addWorkingTime, workingTimeBetween } from '../calendar/index.ts';
import { deadlineOf, isElapsed } from './limits.ts';
import type { ClockLimit, ClockStatus, SegmentFact, SegmentKind } from './types.ts';

export interface DeadlineStep {
  readonly kind: SegmentKind;
  readonly at: Date;
  /** The deadline in force after this segment (null while paused or after stop). */
  readonly dueAt: Date | null;
}

export interface DerivedClock {
  readonly status: ClockStatus;
  readonly startedAt: Date;
  readonly limit: ClockLimit;
  readonly warnPercent: number | null;
  /** Current deadline; null while paused or stopped. */
  readonly dueAt: Date | null;
  /** Yellow warning instant; null when no warning applies or while paused/stopped. */
  readonly warnAt: Date | null;
  /** The deadline the clock had when it was paused/stopped (for display and KPIs). */
  readonly lastDueAt: Date | null;
  readonly pausedAt: Date | null;
  readonly stoppedAt: Date | null;
  /** Working minutes spent paused (shifted out of the window). */
  readonly pausedMinutes: number;
  /** Working minutes of the whole window, pauses excluded. */
  readonly windowMinutes: number;
  readonly round: number;
  readonly steps: readonly DeadlineStep[];
}

/** Moves an instant later by `minutes` of working time; 0 leaves it where it is (not at the next interval start). */
function shift(cal: WorkingCalendar, at: Date, minutes: number, elapsed: boolean): Date {
  if (minutes <= 0) return at;
  return elapsed ? new Date(at.getTime() + minutes * 60_000) : addWorkingTime(cal, at, minutes);
}

function span(cal: WorkingCalendar, a: Date, b: Date, elapsed: boolean): number {
  return elapsed ? (b.getTime() - a.getTime()) / 60_000 : workingTimeBetween(cal, a, b);
}

/**
 * Replays a clock's segments on a calendar. The current deadline is derived here, never typed in:
 * - started/restarted: deadline = limit counted from `at`;
 * - paused … resumed: the deadline moves later by the working time spent paused;
 * - extended: the approved target replaces the deadline (later pauses still shift it);
 * - recomputed: the replay itself is the recomputation; one carrying a limit (a policy changed)
 *   replaces the limit of its window from the window's start, pauses still applied;
 * - stopped: the clock is met/closed.
 * `cal` must be round-the-clock for elapsed limits; the caller picks it (see isElapsed).
 * Warning: when `warnPercent` of the window (pauses excluded) has been used.
 */
export function deriveClock(cal: WorkingCalendar, input: readonly SegmentFact[]): DerivedClock {
  const segments = applyRecomputedLimits(input);
  const first = segments[0];
  if (first?.kind !== 'started' || !first.limit) throw new RangeError('a clock starts with a started segment');
  let limit: ClockLimit = first.limit;
  let warnPercent = first.warnPercent ?? null;
  let startedAt = first.at;
  let elapsed = isElapsed(limit);
  let due: Date = deadlineOf(cal, startedAt, limit);
  let status: ClockStatus = 'running';
  let pausedAt: Date | null = null;
  let stoppedAt: Date | null = null;
  let pausedMinutes = 0;
  let anchor = startedAt;
  let round = 1;
  const steps: DeadlineStep[] = [{ kind: 'started', at: startedAt, dueAt: due }];

  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (!s) continue;
    if (status === 'stopped' && s.kind !== 'restarted') continue;
    switch (s.kind) {
      case 'paused':
        if (status === 'running') {
          status = 'paused';
          pausedAt = s.at;
        }
        break;
      case 'resumed':
        if (status === 'paused' && pausedAt) {
          const p = Math.max(0, span(cal, pausedAt, s.at, elapsed));
          due = shift(cal, due, p, elapsed);
          pausedMinutes += p;
          status = 'running';
          pausedAt = null;
          anchor = s.at;
        }
        break;
      case 'extended':
        if (s.newDueAt) due = s.newDueAt;
        break;
      case 'restarted':
        if (s.limit) limit = s.limit;
        if (s.warnPercent !== undefined) warnPercent = s.warnPercent;
        elapsed = isElapsed(limit);
        startedAt = s.at;
        due = deadlineOf(cal, startedAt, limit);
        status = 'running';
        pausedAt = null;
        stoppedAt = null;
        pausedMinutes = 0;
        anchor = s.at;
        round++;
        break;
      case 'stopped':
        status = 'stopped';
        stoppedAt = s.at;
        break;
      default:
        break;
    }
    steps.push({ kind: s.kind, at: s.at, dueAt: status === 'running' ? due : null });
  }

  const windowMinutes = Math.max(0, span(cal, startedAt, due, elapsed) - pausedMinutes);
  let warnAt: Date | null = null;
  if (status === 'running' && warnPercent !== null && warnPercent > 0 && warnPercent < 100) {
    // Warn when the remaining share drops to (100 - warnPercent)%: counted forwards from the last
    // resume, which only needs the forward calendar operations.
    const remainingAtWarn = (windowMinutes * (100 - warnPercent)) / 100;
    const toWarn = span(cal, anchor, due, elapsed) - remainingAtWarn;
    const at = toWarn <= 0 ? anchor : shift(cal, anchor, toWarn, elapsed);
    warnAt = new Date(Math.min(at.getTime(), due.getTime()));
  }
  return {
    status,
    startedAt,
    limit,
    warnPercent,
    dueAt: status === 'running' ? due : null,
    warnAt,
    lastDueAt: due,
    pausedAt,
    stoppedAt,
    pausedMinutes,
    windowMinutes,
    round,
    steps,
  };
}

/**
 * A 'recomputed' segment with a limit rewrites the limit of the window it belongs to (from the last
 * started/restarted before it), so a policy change counts from the original start and keeps the
 * pauses; the last such segment of a window wins.
 */
function applyRecomputedLimits(segments: readonly SegmentFact[]): readonly SegmentFact[] {
  if (!segments.some((s) => s.kind === 'recomputed' && (s.limit || s.warnPercent !== undefined))) return segments;
  const out = [...segments];
  let windowStart = -1;
  for (let i = 0; i < out.length; i++) {
    const s = out[i];
    if (!s) continue;
    if (s.kind === 'started' || s.kind === 'restarted') windowStart = i;
    else if (s.kind === 'recomputed' && windowStart >= 0) {
      const w = out[windowStart];
      if (!w) continue;
      out[windowStart] = {
        ...w,
        limit: s.limit ?? w.limit,
        warnPercent: s.warnPercent !== undefined ? s.warnPercent : w.warnPercent,
      };
    }
  }
  return out;
}
