import type { Deps } from '../../services/deps.ts';
import { reconcileOnce } from '../../services/sla/reconcile.ts';
import type { WorkerFeature } from '../index.ts';
import { timersProcessor } from './processor.ts';

export interface TimersOptions {
  /** Sweep period; 0 disables the periodic sweep (tests call reconcileTimers themselves). */
  reconcileIntervalMs?: number;
  /**
   * Delay before the worker takes jobs and runs the start-up sweep, so that every feature started
   * after this one has registered its onClockEvent handlers before the first timer fires.
   */
  startupDelayMs?: number;
  concurrency?: number;
}

/** Options from the environment: TIMERS_RECONCILE_MS (default 60000), TIMERS_CONCURRENCY (default 20). */
export function timersOptionsFromEnv(env: Record<string, string | undefined> = process.env): TimersOptions {
  const num = (v: string | undefined, d: number) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    reconcileIntervalMs: num(env.TIMERS_RECONCILE_MS, 60_000),
    startupDelayMs: num(env.TIMERS_STARTUP_DELAY_MS, 1000),
    concurrency: num(env.TIMERS_CONCURRENCY, 20),
  };
}

/** Starts the timers worker and the reconciliation sweep; returns the stopper. */
export async function startTimers(deps: Deps, opts: TimersOptions = {}): Promise<() => Promise<void>> {
  const interval = opts.reconcileIntervalMs ?? 60_000;
  const worker = deps.queues.worker('timers', timersProcessor(deps), {
    concurrency: opts.concurrency ?? 20,
    autorun: false,
  });
  worker.on('failed', (job, err) => deps.logger.warn({ err, jobId: job?.id, name: job?.name }, 'timers job failed'));
  let stopped = false;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    if (stopped) return;
    sweeping = reconcileOnce(deps)
      .then((r) => r && deps.logger.info({ ...r }, 'timers reconciled'))
      .catch((err) => deps.logger.error({ err }, 'timers reconcile failed'));
  };
  const begin = () => {
    if (stopped) return;
    worker.run().catch((err) => deps.logger.error({ err }, 'timers worker stopped'));
    sweep();
  };
  const startTimer = setTimeout(begin, opts.startupDelayMs ?? 1000);
  const periodic = interval > 0 ? setInterval(sweep, interval) : undefined;
  return async () => {
    stopped = true;
    clearTimeout(startTimer);
    if (periodic) clearInterval(periodic);
    await sweeping;
    await worker.close();
  };
}

export const timersFeature: WorkerFeature = (deps) => startTimers(deps, timersOptionsFromEnv());
