import type { Role } from '../vocabulary.ts';
import { MAX_RETURNS_PER_TICKET } from './rules.ts';
import { DISPATCH_STATE_LABELS, type DispatchState, type ExtensionState } from './states.ts';

/**
 * The dispatch state machine, pure: given a dispatch's state, who acts and when, it says whether the action
 * is allowed and what the state becomes. The services lock the row, ask here, then save the answer.
 */

export type ActorRole = Role | 'system';

export const DISPATCH_ACTIONS = [
  'sign',
  'deem_sign',
  'request_return',
  'approve_return',
  'override_return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'reply',
  'accept_reply',
  'reject_reply',
  'transfer',
  'cancel',
  'urge',
  'close_co',
] as const;
export type DispatchAction = (typeof DISPATCH_ACTIONS)[number];

export interface DispatchSnapshot {
  state: DispatchState;
  extensionStatus: ExtensionState | null;
  role: 'lead' | 'co';
  unitId: number;
  signDueAt: Date | null;
  handleDueAt: Date | null;
}

export interface ActorInfo {
  role: ActorRole;
  unitId: number | null;
  /** Materialised path of the actor's unit ("/1/4/"), for transfers down the tree. */
  unitPath?: string | null;
}

export interface TransitionContext {
  now: Date;
  /** Returns already asked on this ticket (pending or approved), for the per-ticket maximum. */
  returnsSoFar?: number;
  /** Extension: the date asked for (request) or granted (approve). */
  dueAt?: Date;
  /** Transfer: the target unit and its path. */
  targetUnitId?: number;
  targetUnitPath?: string;
}

interface Rule {
  from: readonly DispatchState[];
  /** null: the main state does not change. */
  to: DispatchState | null;
  roles: readonly ActorRole[];
  /** unit_staff must belong to the dispatch's unit. */
  unitMustMatch: boolean;
  leadOnly?: boolean;
  extension?: { from: ReadonlyArray<ExtensionState | null>; to: ExtensionState };
  label: string;
}

const CENTRE: readonly ActorRole[] = ['dispatcher', 'supervisor', 'admin'];
const UNIT: readonly ActorRole[] = ['unit_staff', 'admin'];
const WORKING: readonly DispatchState[] = ['dispatched', 'handling', 'return_requested'];

export const TRANSITIONS: Record<DispatchAction, Rule> = {
  sign: { from: ['dispatched'], to: 'handling', roles: UNIT, unitMustMatch: true, label: '签收' },
  deem_sign: { from: ['dispatched'], to: 'handling', roles: ['system'], unitMustMatch: false, label: '超时默认签收' },
  request_return: {
    from: ['dispatched'],
    to: 'return_requested',
    roles: UNIT,
    unitMustMatch: true,
    label: '申请退单',
  },
  approve_return: {
    from: ['return_requested'],
    to: 'returned',
    roles: CENTRE,
    unitMustMatch: false,
    label: '同意退单',
  },
  override_return: {
    from: ['return_requested'],
    to: 'handling',
    roles: CENTRE,
    unitMustMatch: false,
    label: '驳回退单',
  },
  request_extension: {
    from: ['handling'],
    to: null,
    roles: UNIT,
    unitMustMatch: true,
    extension: { from: [null, 'approved', 'rejected'], to: 'requested' },
    label: '申请延期',
  },
  approve_extension: {
    from: ['handling'],
    to: null,
    roles: CENTRE,
    unitMustMatch: false,
    extension: { from: ['requested'], to: 'approved' },
    label: '批准延期',
  },
  reject_extension: {
    from: ['handling'],
    to: null,
    roles: CENTRE,
    unitMustMatch: false,
    extension: { from: ['requested'], to: 'rejected' },
    label: '驳回延期',
  },
  reply: { from: ['handling'], to: 'replied', roles: UNIT, unitMustMatch: true, label: '办结答复' },
  accept_reply: {
    from: ['replied'],
    to: 'accepted',
    roles: CENTRE,
    unitMustMatch: false,
    leadOnly: true,
    label: '审核通过',
  },
  reject_reply: {
    from: ['replied'],
    to: 'handling',
    roles: CENTRE,
    unitMustMatch: false,
    leadOnly: true,
    label: '审核退回',
  },
  transfer: {
    from: WORKING,
    to: 'transferred',
    roles: [...CENTRE, 'unit_staff'],
    unitMustMatch: true,
    label: '转派',
  },
  cancel: {
    from: [...WORKING, 'replied'],
    to: 'cancelled',
    roles: CENTRE,
    unitMustMatch: false,
    label: '撤销派单',
  },
  urge: { from: WORKING, to: null, roles: ['dispatcher', 'supervisor', 'admin'], unitMustMatch: false, label: '催办' },
  // Closing a co-handling dispatch when its round closes: an answered one counts as accepted, a silent one
  // is cancelled (its lateness stays on its clock).
  close_co: {
    from: [...WORKING, 'replied'],
    to: 'accepted',
    roles: ['system', ...CENTRE],
    unitMustMatch: false,
    label: '协办结束',
  },
};

export type Decision =
  | { ok: true; to: DispatchState; extensionTo: ExtensionState | null }
  | {
      ok: false;
      /** conflict → 409 (wrong state), forbidden → 403 (wrong role/unit), bad_request → 400 (wrong input). */
      code: 'conflict' | 'forbidden' | 'bad_request';
      reason: string;
      message: string;
      currentState: DispatchState;
      extensionStatus: ExtensionState | null;
    };

function deny(
  d: DispatchSnapshot,
  code: 'conflict' | 'forbidden' | 'bad_request',
  reason: string,
  message: string,
): Decision {
  return { ok: false, code, reason, message, currentState: d.state, extensionStatus: d.extensionStatus };
}

function isUnitStaff(a: ActorInfo): boolean {
  return a.role === 'unit_staff';
}

/** May this actor take this action on this dispatch now, and where does it lead? */
export function decide(
  action: DispatchAction,
  d: DispatchSnapshot,
  actor: ActorInfo,
  ctx: TransitionContext,
): Decision {
  const rule = TRANSITIONS[action];
  if (!rule.roles.includes(actor.role)) {
    return deny(d, 'forbidden', 'role', `${rule.label}不允许由该角色执行`);
  }
  if (rule.unitMustMatch && isUnitStaff(actor) && actor.unitId !== d.unitId) {
    return deny(d, 'forbidden', 'unit', `只有承办单位本身可以${rule.label}`);
  }
  if (rule.leadOnly && d.role !== 'lead') {
    return deny(d, 'conflict', 'co_dispatch', `协办派单不单独${rule.label}`);
  }
  if (!rule.from.includes(d.state)) {
    return deny(d, 'conflict', 'state', `当前状态为「${DISPATCH_STATE_LABELS[d.state]}」，不能${rule.label}`);
  }
  if (rule.extension && !rule.extension.from.includes(d.extensionStatus)) {
    const msg =
      d.extensionStatus === 'requested' ? '已有延期申请待审核' : `当前没有待审核的延期申请，不能${rule.label}`;
    return deny(d, 'conflict', 'extension_state', msg);
  }
  const extra = guards(action, d, actor, ctx);
  if (extra) return extra;
  let to = rule.to ?? d.state;
  if (action === 'close_co') to = d.state === 'replied' ? 'accepted' : 'cancelled';
  const extensionTo = rule.extension
    ? rule.extension.to
    : action === 'reply' && d.extensionStatus === 'requested'
      ? null // a reply withdraws a pending extension request
      : d.extensionStatus;
  return { ok: true, to, extensionTo };
}

function guards(
  action: DispatchAction,
  d: DispatchSnapshot,
  actor: ActorInfo,
  ctx: TransitionContext,
): Decision | null {
  switch (action) {
    case 'request_return': {
      if (d.signDueAt && ctx.now.getTime() > d.signDueAt.getTime()) {
        return deny(d, 'conflict', 'sign_window_closed', '已超过签收时限，不能退单');
      }
      if ((ctx.returnsSoFar ?? 0) >= MAX_RETURNS_PER_TICKET) {
        return deny(
          d,
          'conflict',
          'max_returns',
          `该工单已退单 ${ctx.returnsSoFar} 次（上限 ${MAX_RETURNS_PER_TICKET} 次），须由中心指定办理，不能再退`,
        );
      }
      return null;
    }
    case 'request_extension': {
      if (d.handleDueAt && ctx.now.getTime() >= d.handleDueAt.getTime()) {
        return deny(d, 'conflict', 'deadline_passed', '已超过办理时限，不能再申请延期');
      }
      if (!ctx.dueAt) return deny(d, 'bad_request', 'due_at', '请填写申请延期至的日期');
      if (d.handleDueAt && ctx.dueAt.getTime() <= d.handleDueAt.getTime()) {
        return deny(d, 'bad_request', 'due_at', '申请的日期须晚于当前办理时限');
      }
      return null;
    }
    case 'approve_extension': {
      if (ctx.dueAt && ctx.dueAt.getTime() <= ctx.now.getTime()) {
        return deny(d, 'bad_request', 'due_at', '批准的日期须晚于当前时间');
      }
      return null;
    }
    case 'transfer': {
      if (ctx.targetUnitId === d.unitId) return deny(d, 'bad_request', 'same_unit', '不能转派给原承办单位');
      if (isUnitStaff(actor)) {
        // A unit forwards only down its own tree (a district to its streets); sideways goes through the centre.
        const own = actor.unitPath ?? '';
        const target = ctx.targetUnitPath ?? '';
        if (!own || !target.startsWith(own) || target === own) {
          return deny(d, 'forbidden', 'transfer_scope', '承办单位只能转派给下级单位，其他情况请退单');
        }
        if (d.state === 'return_requested') return deny(d, 'conflict', 'state', '退单待审期间不能转派');
      }
      return null;
    }
    default:
      return null;
  }
}

/** The actions this actor could take right now (for the console's buttons). Inputs not known are assumed fine. */
export function allowedActions(d: DispatchSnapshot, actor: ActorInfo, now: Date, returnsSoFar = 0): DispatchAction[] {
  const out: DispatchAction[] = [];
  for (const action of DISPATCH_ACTIONS) {
    if (action === 'deem_sign' || action === 'close_co') continue;
    const ctx: TransitionContext = { now, returnsSoFar };
    if (action === 'request_extension') ctx.dueAt = new Date((d.handleDueAt ?? now).getTime() + 86_400_000);
    if (action === 'transfer' && actor.role === 'unit_staff') {
      ctx.targetUnitPath = `${actor.unitPath ?? ''}0/`;
    }
    if (decide(action, d, actor, ctx).ok) out.push(action);
  }
  return out;
}
