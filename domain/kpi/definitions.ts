/**
 * The KPIs a 12345 centre is judged by, as code. Each is numerator / denominator over sums of the rollup
 * counters (domain/kpi/counters.ts); how each counter is produced from the event log is in fold.ts and
 * docs/kpi.md. A rate with a zero denominator is null ("—"), never 0 % or 100 %.
 */
import type { Counter, Counters } from './counters.ts';

export const KPI_CODES = [
  'answerRate',
  'timelyAnswerRate',
  'directAnswerRate',
  'onTimeSignRate',
  'onTimeCompletionRate',
  'resolutionRate',
  'satisfactionRate',
  'revisitRate',
  'repeatContactRate',
  'returnRate',
  'extensionRate',
  'rehandleRate',
] as const;
export type KpiCode = (typeof KPI_CODES)[number];

export interface KpiDefinition {
  code: KpiCode;
  name: string;
  /** The formula as printed in reports and on the public page. */
  formula: string;
  numerator: readonly Counter[];
  denominator: readonly Counter[];
  /** Higher is better (answer rate) or lower is better (return rate): ranking direction. */
  higherIsBetter: boolean;
  /** Published standard or common target, as a fraction; null when none. */
  target: number | null;
  /** Which events produce it, and when it is counted. */
  doc: string;
}

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    code: 'answerRate',
    name: '接通率',
    formula: '接通的呼入电话 ÷ 呼入电话',
    numerator: ['callsAnswered'],
    denominator: ['callsOffered'],
    higherIsBetter: true,
    target: 0.95,
    doc: 'Inbound calls from the CTI call records (calls.direction = in) whose outcome is known (answered, completed or missed), counted on the local day the call was offered. GB/T 33358: ≥ 95 %.',
  },
  {
    code: 'timelyAnswerRate',
    name: '及时接通率',
    formula: '15秒内接通 ÷ 接通',
    numerator: ['callsAnsweredTimely'],
    denominator: ['callsAnswered'],
    higherIsBetter: true,
    target: null,
    doc: 'Answered inbound calls with wait_seconds ≤ 15 (GB/T 33358: answer within 15 s), over answered calls, on the day offered.',
  },
  {
    code: 'directAnswerRate',
    name: '直接答复率',
    formula: '直接答复办结工单 ÷ 受理工单',
    numerator: ['directAnswered'],
    denominator: ['created'],
    higherIsBetter: true,
    target: null,
    doc: "'ticket.answered_directly' (first per ticket) over 'ticket.created', each on its own day. Centre level: unit 0.",
  },
  {
    code: 'onTimeSignRate',
    name: '按时签收率',
    formula: '按时签收 ÷ (签收 + 超时默认签收)',
    numerator: ['signOnTime'],
    denominator: ['signTotal'],
    higherIsBetter: true,
    target: null,
    doc: "First 'dispatch.signed' or 'dispatch.deemed_signed' per dispatch, on its day, against the dispatch's unit. On time: payload.onTime when given, else signed at or before the sign deadline (payload.signDueAt, else the last deadline seen in the dispatch's events, else dispatches.sign_due_at), else no sign breach seen. Deemed signed is never on time. Dispatches returned inside the window never sign and are not counted.",
  },
  {
    code: 'onTimeCompletionRate',
    name: '按时办结率',
    formula: '按时办结 ÷ 办结',
    numerator: ['completedOnTime'],
    denominator: ['completed'],
    higherIsBetter: true,
    target: null,
    doc: "Counted on 'dispatch.reply_accepted' (first per dispatch) against the dispatch's unit. On time when the accepted reply ('dispatch.replied') was submitted at or before the handling deadline in force then (payload.handleDueAt on the reply, else the last deadline seen in the dispatch's events — extensions included —, else dispatches.handle_due_at); payload.onTime on the reply overrides.",
  },
  {
    code: 'resolutionRate',
    name: '解决率',
    formula: '办结中已解决 ÷ 办结',
    numerator: ['completedResolved'],
    denominator: ['completed'],
    higherIsBetter: true,
    target: null,
    doc: "Of dispatches completed (reply accepted), those whose accepted reply's result is 'resolved' (payload.result of 'dispatch.replied' or 'dispatch.reply_accepted'; 'explained' and 'unresolvable' are not resolved).",
  },
  {
    code: 'satisfactionRate',
    name: '满意率',
    formula: '(满意 + 基本满意) ÷ 回访联系到',
    numerator: ['revisitSatisfied', 'revisitBasic'],
    denominator: ['revisitReached'],
    higherIsBetter: true,
    target: null,
    doc: "Every 'revisit.recorded' with payload.result satisfied | basically_satisfied | dissatisfied is one reached revisit, on its day, against the unit of the dispatch revisited (event dispatch, else the ticket's lead unit; a cluster member's revisit is of its lead's dispatch). Unreachable is not reached; it is counted (revisitUnreachable) only when final, i.e. without payload.nextAttemptAt (a retry).",
  },
  {
    code: 'revisitRate',
    name: '回访率',
    formula: '办结派单工单中回访联系到的 ÷ 办结的派单工单',
    numerator: ['closedRevisited'],
    denominator: ['closedDispatched'],
    higherIsBetter: true,
    target: null,
    doc: "Counted on a ticket's first 'ticket.closed' of a handling cycle ('ticket.reopened' starts a new one; merged closings excluded) when it had at least one dispatch (a cluster member answered through its lead's dispatch counts as dispatched); revisited when at least one revisit of the cycle reached the citizen. Against the ticket's lead unit (a cluster member's: the unit of the lead dispatch that answered it).",
  },
  {
    code: 'repeatContactRate',
    name: '重复来电率',
    formula: '重复件 ÷ 受理工单',
    numerator: ['repeatContacts'],
    denominator: ['created'],
    higherIsBetter: false,
    target: null,
    doc: "First 'ticket.repeat_linked' per ticket (Intake writes it on the repeat ticket itself) over 'ticket.created', each on its day.",
  },
  {
    code: 'returnRate',
    name: '退单率',
    formula: '退单的派单 ÷ 派单',
    numerator: ['returned'],
    denominator: ['dispatches'],
    higherIsBetter: false,
    target: null,
    doc: "First 'dispatch.return_requested' per dispatch over 'dispatch.created', each on its day, against the dispatch's unit. Approved returns are counted separately (returnApproved).",
  },
  {
    code: 'extensionRate',
    name: '延期率',
    formula: '办结中经延期 ÷ 办结',
    numerator: ['completedExtended'],
    denominator: ['completed'],
    higherIsBetter: false,
    target: null,
    doc: "Of dispatches completed (reply accepted), those with at least one 'dispatch.extension_approved' before completion.",
  },
  {
    code: 'rehandleRate',
    name: '重办率',
    formula: '办结派单工单中经重办的 ÷ 办结的派单工单',
    numerator: ['closedRehandled'],
    denominator: ['closedDispatched'],
    higherIsBetter: false,
    target: null,
    doc: "Counted on a ticket's first 'ticket.closed' of a handling cycle when it had a dispatch: re-handled when at least one 'ticket.rehandle' came before in the cycle. Against the ticket's lead unit (a cluster member's: the unit of the lead dispatch that answered it).",
  },
];

export const KPI_BY_CODE: Record<KpiCode, KpiDefinition> = Object.fromEntries(
  KPI_DEFINITIONS.map((d) => [d.code, d]),
) as Record<KpiCode, KpiDefinition>;

export interface KpiValue {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when the denominator is 0. */
  value: number | null;
}

const sum = (c: Counters, names: readonly Counter[]) => names.reduce((s, n) => s + (c[n] ?? 0), 0);

export function computeKpi(def: KpiDefinition, c: Counters): KpiValue {
  const numerator = sum(c, def.numerator);
  const denominator = sum(c, def.denominator);
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

export type KpiValues = Record<KpiCode, KpiValue>;

export function computeKpis(c: Counters): KpiValues {
  const out = {} as KpiValues;
  for (const d of KPI_DEFINITIONS) out[d.code] = computeKpi(d, c);
  return out;
}

/** 0.98765 → '98.77%'; null → '—'. */
export function formatRate(v: number | null, digits = 2): string {
  return v === null ? '—' : `${(v * 100).toFixed(digits)}%`;
}
