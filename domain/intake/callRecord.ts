/** The three events a PBX sends per call, in the order they normally happen. */
export const CALL_EVENTS = ['newCall', 'answer', 'hangup'] as const;
export type CallEventName = (typeof CALL_EVENTS)[number];

export const CALL_DIRECTIONS = ['in', 'out'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** ringing → answered → completed; an inbound call hung up unanswered is missed, an outbound one unanswered. */
export type CallStatus = 'ringing' | 'answered' | 'completed' | 'missed' | 'unanswered';

export interface CallEventData {
  event: CallEventName;
  at: Date;
  from: string;
  to?: string | null;
  direction: CallDirection;
  queue?: string | null;
  answeringNumber?: string | null;
  cause?: string | null;
  recordingUrl?: string | null;
}

export interface CallRecord {
  direction: CallDirection;
  fromNumber: string;
  toNumber: string | null;
  queue: string | null;
  answeringNumber: string | null;
  status: CallStatus;
  offeredAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Ringing time until answer (or until the caller gave up); null while unknown. */
  waitSeconds: number | null;
  talkSeconds: number | null;
  cause: string | null;
  recordingUrl: string | null;
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

function firstOf<T>(values: Array<T | null | undefined>): T | null {
  for (const v of values) if (v !== null && v !== undefined && v !== '') return v;
  return null;
}

/**
 * The call record implied by whichever events have arrived, in any order. Each field comes from the event
 * that owns it (answer time from `answer`, cause from `hangup`), so arrival order never matters.
 */
export function mergeCallEvents(events: readonly CallEventData[]): CallRecord {
  if (events.length === 0) throw new Error('mergeCallEvents needs at least one event');
  const by = (name: CallEventName) => events.find((e) => e.event === name);
  const newCall = by('newCall');
  const answer = by('answer');
  const hangup = by('hangup');
  const ordered = [newCall, answer, hangup].filter((e): e is CallEventData => e !== undefined);
  const earliest = ordered.reduce((a, b) => (b.at < a.at ? b : a));
  const offeredAt = newCall?.at ?? earliest.at;
  const direction = (newCall ?? ordered[0] ?? earliest).direction;

  let status: CallStatus = 'ringing';
  if (answer && hangup) status = 'completed';
  else if (answer) status = 'answered';
  else if (hangup) status = direction === 'in' ? 'missed' : 'unanswered';

  let waitSeconds: number | null = null;
  if (newCall && answer) waitSeconds = seconds(newCall.at, answer.at);
  else if (newCall && hangup && !answer) waitSeconds = seconds(newCall.at, hangup.at);

  return {
    direction,
    fromNumber: firstOf(ordered.map((e) => e.from)) ?? '',
    toNumber: firstOf(ordered.map((e) => e.to)),
    queue: firstOf(ordered.map((e) => e.queue)),
    answeringNumber: firstOf([answer?.answeringNumber, ...ordered.map((e) => e.answeringNumber)]),
    status,
    offeredAt,
    answeredAt: answer?.at ?? null,
    endedAt: hangup?.at ?? null,
    waitSeconds,
    talkSeconds: answer && hangup ? seconds(answer.at, hangup.at) : null,
    cause: firstOf([hangup?.cause, ...ordered.map((e) => e.cause)]),
    recordingUrl: firstOf([hangup?.recordingUrl, ...ordered.map((e) => e.recordingUrl)]),
  };
}

/** The citizen's side of the call: the caller when they called in, the callee when an agent called out. */
export function citizenNumber(record: Pick<CallRecord, 'direction' | 'fromNumber' | 'toNumber'>): string | null {
  return record.direction === 'in' ? record.fromNumber : record.toNumber;
}
