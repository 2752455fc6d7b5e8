import type { Deps } from '../../services/deps.ts';
import { archiveClosedTickets } from '../../services/followup/archive.ts';
import { sweepSmsWindows } from '../../services/followup/revisits.ts';
import { ensureDefaultTemplates } from '../../services/followup/templates.ts';
import { registerFollowupTimerHandlers } from '../../services/followup/timerHandlers.ts';
import type { WorkerFeature } from '../index.ts';

export interface FollowupOptions {
  /** Sweep period (SMS windows → phone queue, archiving); 0 disables it (tests call the sweeps). */
  sweepIntervalMs?: number;
}

/**
 * One follow-up sweep. The revisit clock's timer normally moves unanswered SMS revisits to the phone
 * queue; this sweep is the database-driven backstop (a lost timer only delays). Archiving is batched.
 */
export async function sweepFollowup(deps: Deps): Promise<{ toPhone: number; archived: number }> {
  const now = deps.clock.now();
  const toPhone = await sweepSmsWindows(deps, now);
  const archived = await archiveClosedTickets(deps, now);
  return { toPhone, archived };
}

export async function startFollowup(deps: Deps, opts: FollowupOptions = {}): Promise<() => Promise<void>> {
  registerFollowupTimerHandlers();
  await ensureDefaultTemplates(deps.db);
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sweepFollowup(deps)
      .then((r) => (r.toPhone || r.archived) && deps.logger.info(r, 'follow-up sweep'))
      .catch((err) => deps.logger.error({ err }, 'follow-up sweep failed'));
  };
  const interval = opts.sweepIntervalMs ?? 60_000;
  const timer = interval > 0 ? setInterval(sweep, interval) : undefined;
  return async () => {
    if (timer) clearInterval(timer);
    await sweeping;
  };
}

export const followupFeature: WorkerFeature = (deps) =>
  startFollowup(deps, { sweepIntervalMs: Number(process.env.FOLLOWUP_SWEEP_MS ?? 60_000) });
