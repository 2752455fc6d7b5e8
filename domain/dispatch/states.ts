/**
 * States of one dispatch record (ticket, unit, round, role). Signing is an event, not a state: a signed or
 * deemed-signed dispatch is 'handling'. Extension is a sub-state carried beside the main state.
 */
export const DISPATCH_STATES = [
  'dispatched',
  'handling',
  'return_requested',
  'returned',
  'replied',
  'accepted',
  'transferred',
  'cancelled',
] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

/** States in which the unit still owes something or the centre still has to decide. */
export const OPEN_DISPATCH_STATES: readonly DispatchState[] = ['dispatched', 'handling', 'return_requested', 'replied'];

/** Final states: the record is history; new work happens on a new dispatch. */
export const TERMINAL_DISPATCH_STATES: readonly DispatchState[] = ['returned', 'accepted', 'transferred', 'cancelled'];

export const EXTENSION_STATES = ['requested', 'approved', 'rejected'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

export const DISPATCH_STATE_LABELS: Record<DispatchState, string> = {
  dispatched: '待签收',
  handling: '办理中',
  return_requested: '退单待审',
  returned: '已退单',
  replied: '已答复待审核',
  accepted: '答复已通过',
  transferred: '已转派',
  cancelled: '已撤销',
};

export const EXTENSION_STATE_LABELS: Record<ExtensionState, string> = {
  requested: '延期待审',
  approved: '延期已批准',
  rejected: '延期已驳回',
};

export function isOpen(state: string): boolean {
  return (OPEN_DISPATCH_STATES as readonly string[]).includes(state);
}
