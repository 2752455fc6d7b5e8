import type { Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';

/**
 * Citizen notices (SMS/e-mail) through the Follow-up outbox, in the caller's transaction.
 * TEMPORARY: services/followup/outbox.ts has not landed yet; until then nothing is queued.
 */
export async function notifyCitizen(
  _tx: Executor,
  _deps: Deps,
  _input: { ticketId: number; contactId: number | null; template: string; vars: Record<string, string | number> },
  _now: Date,
): Promise<void> {}
