/**
 * Dispatch configuration constants. Numbers a centre tunes live here, in one place, so the state machine,
 * the services and the docs agree.
 */

/** Returns (退单) allowed per ticket across all its dispatches; after that the centre must assign. */
export const MAX_RETURNS_PER_TICKET = 2;

/** Working days a unit gets to rework a reply the centre rejected (the handle clock restarts with this). */
export const REWORK_WORKING_DAYS = 3;

/** Why a unit returns a dispatch (退单原因). */
export const RETURN_REASON_CODES = [
  'not_our_duty', // 不属于本单位职责
  'wrong_jurisdiction', // 不属于本辖区
  'insufficient_info', // 诉求信息不全
  'duplicate', // 重复派单
  'other', // 其他
] as const;
export type ReturnReasonCode = (typeof RETURN_REASON_CODES)[number];

export const RETURN_REASON_LABELS: Record<ReturnReasonCode, string> = {
  not_our_duty: '不属于本单位职责',
  wrong_jurisdiction: '不属于本辖区',
  insufficient_info: '诉求信息不全',
  duplicate: '重复派单',
  other: '其他',
};

/** What a reply says about the matter. */
export const REPLY_RESULTS = ['resolved', 'explained', 'unresolvable'] as const;
export type ReplyResult = (typeof REPLY_RESULTS)[number];

export const REPLY_RESULT_LABELS: Record<ReplyResult, string> = {
  resolved: '已解决',
  explained: '已解释说明',
  unresolvable: '暂无法解决',
};
