import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { enqueueMessage } from '../followup/outbox.ts';
import { openRevisit } from '../followup/revisits.ts';

/**
 * Citizen notices (SMS/e-mail) through the Follow-up outbox, written in the caller's transaction. The
 * idempotency key makes a retried operation queue one message.
 */
export async function notifyCitizen(
  tx: Executor,
  deps: Deps,
  input: { ticketId: number; template: string; vars: Record<string, string | number>; key: string },
  now: Date,
): Promise<void> {
  await enqueueMessage(
    tx,
    deps,
    { ticketId: input.ticketId, template: input.template, vars: input.vars, idempotencyKey: input.key },
    now,
  );
}

/**
 * After the centre accepts a reply the ticket goes to revisit (回访): Follow-up's openRevisit moves the
 * ticket, opens the revisit and its clock, and sends the citizen the answer with the 1/2/3 question.
 */
export async function openRevisitFor(
  tx: Executor,
  deps: Deps,
  input: { ticketId: number; dispatchId: number; replySummary?: string },
  now: Date,
): Promise<void> {
  await openRevisit(tx, deps, input, now);
}
