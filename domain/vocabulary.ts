/**
 * The words of the domain, shared by the schema, the API, the workers, KPIs and the console.
 * Labels are the Chinese terms hotline staff use; codes are stable English identifiers.
 */

export const UNIT_KINDS = ['centre', 'department', 'district', 'street', 'community'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLES = ['agent', 'dispatcher', 'supervisor', 'unit_staff', 'window_clerk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['phone', 'sms', 'web', 'email', 'window'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DISPATCH_ROLES = ['lead', 'co'] as const;
export type DispatchRole = (typeof DISPATCH_ROLES)[number];

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * Ticket status: where the whole matter stands. Dispatch rounds carry their own finer state.
 * registered → (closed as direct answer) | dispatched → handling → replied → revisit → closed;
 * a dissatisfied revisit sends it back to dispatched (re-handle, a new round).
 */
export const TICKET_STATUSES = [
  'registered',
  'dispatched',
  'handling',
  'replied',
  'revisit',
  'closed',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Why a ticket was closed. */
export const CLOSE_REASONS = ['direct_answer', 'satisfied', 'unreachable', 'ruled', 'merged', 'no_revisit'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const labels = {
  unitKind: { centre: '热线中心', department: '职能部门', district: '区县', street: '街道/乡镇', community: '社区/村' },
  role: {
    agent: '话务员',
    dispatcher: '派单员',
    supervisor: '督办/班长',
    unit_staff: '承办单位',
    window_clerk: '窗口人员',
    admin: '管理员',
  },
  channel: { phone: '电话', sms: '短信', web: '网站', email: '邮件', window: '办不成事窗口' },
  ticketType: {
    consultation: '咨询',
    help: '求助',
    complaint: '投诉',
    report: '举报',
    suggestion: '建议',
    praise: '表扬',
  },
  priority: { normal: '一般', urgent: '紧急' },
  ticketStatus: {
    registered: '待派单',
    dispatched: '已派单',
    handling: '办理中',
    replied: '已答复待审核',
    revisit: '待回访',
    closed: '已办结',
    merged: '已并单',
  },
} as const satisfies Record<string, Record<string, string>>;

/**
 * Event actions written to ticket_events. KPIs are defined over these names, so they are a public
 * contract: add new ones, never rename.
 */
export const EVENT_ACTIONS = [
  'ticket.created',
  'ticket.updated',
  'ticket.answered_directly',
  'ticket.note',
  'ticket.repeat_linked',
  'ticket.cluster_joined',
  'ticket.closed',
  'ticket.reopened',
  'ticket.archived',
  'dispatch.created',
  'dispatch.signed',
  'dispatch.deemed_signed',
  'dispatch.return_requested',
  'dispatch.return_approved',
  'dispatch.return_overridden',
  'dispatch.transferred',
  'dispatch.extension_requested',
  'dispatch.extension_approved',
  'dispatch.extension_rejected',
  'dispatch.replied',
  'dispatch.reply_accepted',
  'dispatch.reply_rejected',
  'dispatch.urged',
  'dispatch.supervised',
  'sla.warning',
  'sla.breached',
  'sla.paused',
  'sla.resumed',
  'sla.recomputed',
  'revisit.due',
  'revisit.recorded',
  'revisit.ruled_unreasonable',
  'ticket.rehandle',
  'message.queued',
  'message.sent',
  'message.received',
  'message.failed',
  'ticket.repeat_unlinked',
  'ticket.cluster_left',
  'ticket.window_reviewed',
  'dispatch.cancelled',
  'dispatch.supervision_escalated',
  'dispatch.supervision_closed',
  'dispatch.auto_dispatched',
  'revisit.phone_queued',
  'ticket.cluster_reply',
  'ticket.info_requested',
  'ticket.info_provided',
  'ticket.info_request_expired',
  'ticket.info_request_cancelled',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
