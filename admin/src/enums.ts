import { REPLY_RESULT_LABELS, RETURN_REASON_LABELS } from '../../domain/dispatch/rules.ts';
import { DISPATCH_STATE_LABELS, EXTENSION_STATE_LABELS } from '../../domain/dispatch/states.ts';
import { REVIEW_RATING_LABELS } from '../../domain/followup/reviews.ts';
import { type CloseReason, labels } from '../../domain/vocabulary.ts';

/**
 * Every code the console shows, with its Chinese label: the domain's own label tables where the
 * domain module is pure and small (bundled into the console), the rest written here.
 */
export const ENUMS = {
  ...labels,
  dispatchState: DISPATCH_STATE_LABELS,
  extensionState: EXTENSION_STATE_LABELS,
  returnReason: RETURN_REASON_LABELS,
  replyResult: REPLY_RESULT_LABELS,
  dispatchRole: { lead: '主办', co: '协办' },
  revisitResult: {
    satisfied: '满意',
    basically_satisfied: '基本满意',
    dissatisfied: '不满意',
    unreachable: '联系不上',
  },
  revisitStatus: { open: '回访中', awaiting_decision: '待裁定', done: '已回访', cancelled: '已取消' },
  windowReason: { cannot: '办不了', hard: '很难办', refused: '不给办' },
  windowReviewOutcome: { dispatch: '派单办理', answered: '已答复', no_action: '无需处理' },
  closeReason: {
    direct_answer: '直接答复办结',
    satisfied: '回访满意',
    unreachable: '多次联系不上市民',
    ruled: '不满意经认定不合理',
    merged: '并入其他工单',
    no_revisit: '无需回访',
  } satisfies Record<CloseReason, string>,
  missedCallStatus: { pending: '待回拨', called_back: '已回拨', got_through: '市民已接通' },
  clusterStatus: { proposed: '待确认', confirmed: '已确认', rejected: '已否决' },
  clockKind: { sign: '签收', handle: '办理', revisit: '回访', return_decision: '退单审核', supervision: '督办' },
  reviewRating: REVIEW_RATING_LABELS,
  revisitMethod: { sms: '短信', phone: '电话' },
  supervisionStatus: { open: '督办中', escalated: '已升级', closed: '已办结' },
  clockStatus: { running: '计时中', paused: '已暂停', stopped: '已停止' },
  infoRequestStatus: { open: '等待市民补充', answered: '已补充', expired: '已逾期', cancelled: '已撤回' },
  messageDirection: { out: '发出', in: '收到' },
  messageStatus: {
    queued: '待发送',
    held: '静默时段暂缓',
    sending: '发送中',
    sent: '已发送',
    delivered: '已送达',
    failed: '发送失败',
    received: '已收到',
    ambiguous: '发送结果不明',
    suppressed: '已退订未发',
  },
} as const satisfies Record<string, Record<string, string>>;
