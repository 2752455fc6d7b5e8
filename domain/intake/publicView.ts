/**
 * What a citizen may see of a ticket's history on the public status page: milestones in plain Chinese,
 * never a unit's name, a staff member, a note or an internal decision.
 */
const MILESTONES: Record<string, string> = {
  'ticket.created': '已受理',
  'ticket.repeat_linked': '与您此前反映的同一问题合并办理',
  'ticket.cluster_joined': '与同一事件的其他反映合并办理',
  'ticket.answered_directly': '已直接答复',
  'dispatch.created': '已转交承办单位办理',
  'dispatch.signed': '承办单位已签收',
  'dispatch.deemed_signed': '承办单位已签收',
  'dispatch.extension_approved': '办理期限已延长',
  'ticket.info_requested': '请您补充材料',
  'ticket.info_provided': '已收到您补充的材料',
  'dispatch.reply_accepted': '承办单位已答复',
  'ticket.cluster_reply': '承办单位已答复',
  'revisit.recorded': '已回访',
  'ticket.rehandle': '重新办理',
  'ticket.reopened': '重新办理',
  'ticket.closed': '已办结',
};

export interface PublicEventIn {
  action: string;
  at: Date;
  payload: Record<string, unknown>;
}

export interface PublicMilestone {
  at: string;
  label: string;
}

export function publicTimeline(events: readonly PublicEventIn[]): PublicMilestone[] {
  const out: PublicMilestone[] = [];
  for (const e of events) {
    const label = MILESTONES[e.action];
    if (!label) continue;
    // Several co-handling units dispatched at once read as one step to the citizen.
    if (out.at(-1)?.label === label) continue;
    out.push({ at: e.at.toISOString(), label });
  }
  return out;
}

const REPLY_KEYS = ['publicReply', 'summary', 'reply', 'content', 'answer', 'text'] as const;

function replyText(payload: Record<string, unknown>): string | null {
  for (const k of REPLY_KEYS) {
    const v = payload[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/**
 * The answer the citizen may read: the agent's direct answer, or the unit's reply once the centre has
 * accepted it (an unreviewed reply is not public), or, for a member of a cluster, the lead's accepted reply.
 */
export function publicReply(events: readonly PublicEventIn[]): string | null {
  let reply: string | null = null;
  let lastUnitReply: string | null = null;
  for (const e of events) {
    if (e.action === 'ticket.answered_directly') reply = replyText(e.payload) ?? reply;
    else if (e.action === 'dispatch.replied') lastUnitReply = replyText(e.payload);
    else if (e.action === 'dispatch.reply_accepted') reply = replyText(e.payload) ?? lastUnitReply ?? reply;
    // A cluster member: the reply accepted on the lead ticket, passed on to this citizen.
    else if (e.action === 'ticket.cluster_reply') reply = replyText(e.payload) ?? reply;
  }
  return reply;
}

/** Status in the citizen's words: an unreviewed reply is still "being handled" to them. */
const PUBLIC_STATUS: Record<string, string> = {
  registered: '已受理',
  dispatched: '办理中',
  handling: '办理中',
  replied: '办理中',
  revisit: '已答复，待回访',
  closed: '已办结',
  merged: '已合并办理',
};

export function publicStatusLabel(status: string): string {
  return PUBLIC_STATUS[status] ?? '办理中';
}
