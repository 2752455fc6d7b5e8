import { and, eq } from 'drizzle-orm';
import { revisits } from '../../db/schema/index.ts';
import { onClockEvent } from '../sla/index.ts';
import { moveToPhoneQueue } from './revisits.ts';

let registered = false;

/**
 * The revisit clock's warning ends the SMS answer window: an open SMS revisit still without an answer
 * goes to the agents' phone queue. The breach does the same for any that slipped through (the SLA
 * records the breach itself). Runs inside the timer's transaction, exactly once per firing.
 */
export function registerFollowupTimerHandlers(): void {
  if (registered) return;
  registered = true;
  const toPhone = (reason: string) =>
    async function revisitToPhoneQueue(
      tx: Parameters<Parameters<typeof onClockEvent>[2]>[0],
      _deps: Parameters<Parameters<typeof onClockEvent>[2]>[1],
      clock: Parameters<Parameters<typeof onClockEvent>[2]>[2],
      now: Date,
    ): Promise<void> {
      const open = await tx
        .select({ id: revisits.id })
        .from(revisits)
        .where(and(eq(revisits.ticketId, clock.ticketId), eq(revisits.status, 'open'), eq(revisits.method, 'sms')));
      for (const r of open) await moveToPhoneQueue(tx, r.id, now, reason);
    };
  onClockEvent('revisit', 'warning', toPhone('sms_unanswered'));
  onClockEvent('revisit', 'breach', toPhone('revisit_overdue'));
}
