import type { DispatchState } from './states.ts';

export interface RoundMember {
  id: number;
  unitId: number;
  role: 'lead' | 'co';
  state: DispatchState;
  signDueAt: Date | null;
  handleDueAt: Date | null;
}

/**
 * Co-handling (协办): the lead's reply closes the round only when every co-handling unit has answered or
 * its time is up. Returns the co dispatches still owing an answer within their time.
 */
export function pendingCoMembers(members: readonly RoundMember[], now: Date): RoundMember[] {
  return members.filter((m) => {
    if (m.role !== 'co') return false;
    if (m.state !== 'dispatched' && m.state !== 'handling' && m.state !== 'return_requested') return false;
    const due = m.state === 'handling' ? m.handleDueAt : (m.handleDueAt ?? m.signDueAt);
    // No deadline known yet: the unit still has time.
    if (!due) return true;
    return now.getTime() < due.getTime();
  });
}

/** The lead dispatch of a round that is still live (not returned, transferred or cancelled). */
export function liveLead<T extends { role: 'lead' | 'co'; state: DispatchState }>(
  members: readonly T[],
): T | undefined {
  return members.find(
    (m) => m.role === 'lead' && m.state !== 'returned' && m.state !== 'transferred' && m.state !== 'cancelled',
  );
}
