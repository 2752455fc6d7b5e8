/**
 * The additive counters the KPI rollups keep per (local day × unit × category × channel). Every KPI is a
 * ratio of sums of these, so any period, unit subtree or category subtree is a plain SUM over rows.
 * Names are camelCase here and snake_case columns in db/schema/kpi.ts; append, never rename.
 */
export const EVENT_COUNTERS = [
  // ticket level (unit: the ticket's lead unit at the time — for a cluster member answered through its
  // lead, the unit of the lead dispatch that answered it —, 0 when it has none; intake counters: always 0)
  'created',
  'directAnswered',
  'repeatContacts',
  'closed',
  'closedDispatched',
  'closedRevisited',
  'closedRehandled',
  'rehandles',
  'revisitReached',
  'revisitSatisfied',
  'revisitBasic',
  'revisitDissatisfied',
  'revisitUnreachable',
  // dispatch level (unit: the dispatch's unit)
  'dispatches',
  'signTotal',
  'signOnTime',
  'deemedSigned',
  'returned',
  'returnApproved',
  'extensionRequests',
  'extensionApproved',
  'replies',
  'replyRejected',
  'completed',
  'completedOnTime',
  'completedExtended',
  'completedResolved',
  'urged',
  'supervised',
  'breaches',
] as const;
export type EventCounter = (typeof EVENT_COUNTERS)[number];

/** Call counters come from the CTI call records (calls table), one row per local day. */
export const CALL_COUNTERS = ['callsOffered', 'callsAnswered', 'callsAnsweredTimely', 'callsMissed'] as const;
export type CallCounter = (typeof CALL_COUNTERS)[number];

export const ALL_COUNTERS = [...EVENT_COUNTERS, ...CALL_COUNTERS] as const;
export type Counter = EventCounter | CallCounter;
export type Counters = Record<Counter, number>;

export const COUNTER_LABELS: Record<Counter, string> = {
  created: '受理工单',
  directAnswered: '直接答复办结',
  repeatContacts: '重复来电/来件',
  closed: '办结工单',
  closedDispatched: '办结的派单工单',
  closedRevisited: '其中已回访',
  closedRehandled: '其中经重办',
  rehandles: '重办次数',
  revisitReached: '回访联系到',
  revisitSatisfied: '满意',
  revisitBasic: '基本满意',
  revisitDissatisfied: '不满意',
  revisitUnreachable: '联系不上',
  dispatches: '派单',
  signTotal: '签收',
  signOnTime: '按时签收',
  deemedSigned: '超时默认签收',
  returned: '退单',
  returnApproved: '退单获准',
  extensionRequests: '延期申请',
  extensionApproved: '延期获准',
  replies: '办结回复',
  replyRejected: '回复被退回',
  completed: '办结（回复审核通过）',
  completedOnTime: '按时办结',
  completedExtended: '办结中经延期',
  completedResolved: '办结中已解决',
  urged: '催办',
  supervised: '督办',
  breaches: '超时',
  callsOffered: '呼入电话',
  callsAnswered: '接通',
  callsAnsweredTimely: '15秒内接通',
  callsMissed: '未接通',
};

/** snake_case column name of a counter. */
export function counterColumn(c: Counter): string {
  return c.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}

export function zeroCounters(): Counters {
  const out = {} as Counters;
  for (const c of ALL_COUNTERS) out[c] = 0;
  return out;
}

export function addCounters(into: Counters, from: Partial<Record<Counter, number>>): Counters {
  for (const c of ALL_COUNTERS) into[c] += from[c] ?? 0;
  return into;
}

export function subtractCounters(a: Counters, b: Counters): Counters {
  const out = zeroCounters();
  for (const c of ALL_COUNTERS) out[c] = a[c] - b[c];
  return out;
}
