import type { Deps } from '../../services/deps.ts';
import { runAutoDispatchSweep } from '../../services/dispatch/auto.ts';
import { registerDispatchTimerHandlers } from '../../services/dispatch/timerHandlers.ts';
import type { WorkerFeature } from '../index.ts';

/**
 * The dispatch feature's background side: the clock handlers (deemed signed when the sign window lapses,
 * supervision escalation) and the auto-dispatch sweep over new tickets (DISPATCH_AUTO_SWEEP_MS, default
 * 15000; 0 disables it).
 */
export const dispatchFeature: WorkerFeature = async (deps: Deps) => {
  const unregister = registerDispatchTimerHandlers();
  const every = Number(process.env.DISPATCH_AUTO_SWEEP_MS ?? 15_000);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const sweep = () => {
    if (stopped) return;
    running = runAutoDispatchSweep(deps, deps.clock.now())
      .then((r) => r.dispatched && deps.logger.info(r, 'auto-dispatch sweep'))
      .catch((err) => deps.logger.error({ err }, 'auto-dispatch sweep failed'));
  };
  const timer = Number.isFinite(every) && every > 0 ? setInterval(sweep, every) : undefined;
  return async () => {
    stopped = true;
    if (timer) clearInterval(timer);
    await running;
    unregister();
  };
};
