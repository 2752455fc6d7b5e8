import type { RaRecord } from 'react-admin';
import { type DispatchDates, currentDeadline as deadlineOf } from '../../../domain/dispatch/deadline.ts';
import { URGENCY_BG, type Urgency, urgencyOf } from '../common/time.ts';

/** The domain's deadline that matters now, for a dispatch as the API sends it (ISO strings). */
export function currentDeadline(d: RaRecord) {
  return deadlineOf(d as RaRecord & DispatchDates<string>);
}

export function dispatchUrgency(d: RaRecord, now: number): Urgency {
  if (d.closedAt || ['accepted', 'returned', 'transferred', 'cancelled', 'replied'].includes(d.status)) return 'done';
  const { start, due } = currentDeadline(d);
  return urgencyOf(start, due, now, d.warnAt);
}

/** Row colour by time left, for queues a unit works through. */
export function dispatchRowSx(now: number) {
  return (d: RaRecord) => {
    const u = dispatchUrgency(d, now);
    return {
      bgcolor: URGENCY_BG[u],
      borderLeft: 4,
      borderLeftColor: u === 'overdue' ? '#d32f2f' : u === 'warn' ? '#ed6c02' : u === 'ok' ? '#2e7d32' : 'transparent',
    };
  };
}
