import type { RaRecord } from 'react-admin';
import { URGENCY_BG, type Urgency, urgencyOf } from '../common/time.ts';

/** The deadline that matters now: signing while unsigned, otherwise handling. */
export function currentDeadline(d: RaRecord): { start: string | null; due: string | null; kind: 'sign' | 'handle' } {
  if (d.status === 'dispatched') return { start: d.dispatchedAt ?? null, due: d.signDueAt ?? null, kind: 'sign' };
  return { start: d.signedAt ?? d.dispatchedAt ?? null, due: d.handleDueAt ?? null, kind: 'handle' };
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
