import type { WorkingCalendar } from '../calendar/index.ts';
import { addWorkingTime, endOfNthWorkingDay, nextWorkingTime, workingTimeBetween } from '../calendar/index.ts';

export const REVISIT_RESULTS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type RevisitResult = (typeof REVISIT_RESULTS)[number];

export const REVISIT_RESULT_LABELS: Record<RevisitResult, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unreachable: '联系不上',
};

export type RevisitMethod = 'sms' | 'phone';

export interface SmsAnswer {
  result: Exclude<RevisitResult, 'unreachable'>;
  comment: string | null;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

/**
 * Reads a citizen's SMS answer to a revisit: a leading 1/2/3 (full-width digits too) with an optional
 * comment after it, or the words 满意 / 基本满意 / 不满意 / 非常满意 at the start. Anything else is not an
 * answer (null): it may be a new matter, which Intake handles.
 */
export function parseSmsAnswer(raw: string): SmsAnswer | null {
  const text = raw
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/^\s+|\s+$/g, '');
  const digit = /^([123])(?![0-9])[\s,，.。:：;；、\-—]*([\s\S]*)$/.exec(text);
  if (digit) {
    const result = digit[1] === '1' ? 'satisfied' : digit[1] === '2' ? 'basically_satisfied' : 'dissatisfied';
    return { result, comment: digit[2]?.trim() || null };
  }
  const words: Array<[RegExp, SmsAnswer['result']]> = [
    [/^(非常)?不满意/, 'dissatisfied'],
    [/^基本满意/, 'basically_satisfied'],
    [/^(非常)?满意/, 'satisfied'],
  ];
  for (const [re, result] of words) {
    const m = re.exec(text);
    if (m) {
      const rest = text.slice(m[0].length).replace(/^[\s,，.。:：;；、!！\-—]+/, '');
      return { result, comment: rest || null };
    }
  }
  return null;
}

export interface RevisitPolicy {
  /** Phone attempts before closing as unreachable. */
  unreachableAttempts: number;
  /** The attempts are spread over this many working days (counting the first attempt's day). */
  unreachableWithinWorkingDays: number;
}

export const DEFAULT_REVISIT_POLICY: RevisitPolicy = { unreachableAttempts: 3, unreachableWithinWorkingDays: 2 };

export type RevisitAction =
  | { kind: 'close'; closeReason: 'satisfied' | 'unreachable' }
  | { kind: 'rehandle' }
  | { kind: 'retry'; at: Date };

/**
 * Due times of all phone attempts, anchored at the first one and spread evenly over the working time
 * left in the window: e.g. first at Mon 10:00 → Mon 15:00 → Tue 12:00.
 */
export function retryPlan(cal: WorkingCalendar, firstAttemptAt: Date, policy: RevisitPolicy): Date[] {
  const n = Math.max(1, policy.unreachableAttempts);
  const start = nextWorkingTime(cal, firstAttemptAt);
  const end = endOfNthWorkingDay(cal, start, Math.max(0, policy.unreachableWithinWorkingDays - 1));
  const span = Math.max(0, workingTimeBetween(cal, start, end));
  const step = span / n;
  const plan: Date[] = [firstAttemptAt];
  for (let k = 1; k < n; k++) plan.push(addWorkingTime(cal, start, Math.round(step * k)));
  return plan;
}

/**
 * What follows a recorded revisit result. `attemptsMade` counts phone attempts including this one;
 * `firstAttemptAt` is the first phone attempt (for the retry plan).
 */
export function nextRevisitAction(
  result: RevisitResult,
  ctx: { attemptsMade: number; firstAttemptAt: Date; now: Date; cal: WorkingCalendar; policy: RevisitPolicy },
): RevisitAction {
  if (result === 'satisfied' || result === 'basically_satisfied') return { kind: 'close', closeReason: 'satisfied' };
  if (result === 'dissatisfied') return { kind: 'rehandle' };
  if (ctx.attemptsMade >= ctx.policy.unreachableAttempts) return { kind: 'close', closeReason: 'unreachable' };
  const plan = retryPlan(ctx.cal, ctx.firstAttemptAt, ctx.policy);
  const planned = plan[ctx.attemptsMade] ?? ctx.now;
  return { kind: 'retry', at: planned.getTime() > ctx.now.getTime() ? planned : ctx.now };
}

/** Satisfaction counts (satisfied + basically satisfied) / revisited, the KPI's definition. */
export function isSatisfied(result: RevisitResult | null | undefined): boolean {
  return result === 'satisfied' || result === 'basically_satisfied';
}
