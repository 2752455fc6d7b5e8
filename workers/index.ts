import type { Deps } from '../services/deps.ts';
import { dispatchFeature } from './dispatch/index.ts';
import { followupFeature } from './followup/index.ts';
import { kpiFeature } from './kpi/index.ts';
import { maintenanceFeature } from './maintenance/index.ts';
import { outboxFeature } from './outbox/index.ts';
import { timersFeature } from './timers/index.ts';

/** A feature's background side: starts its BullMQ workers and periodic sweeps; returns its stopper. */
export type WorkerFeature = (deps: Deps) => Promise<(() => Promise<void>) | undefined>;

/** Every feature with background work registers here, in start order. */
export const FEATURES: Array<{ name: string; start: WorkerFeature }> = [
  { name: 'dispatch', start: dispatchFeature },
  { name: 'timers', start: timersFeature },
  { name: 'followup', start: followupFeature },
  { name: 'outbox', start: outboxFeature },
  { name: 'kpi', start: kpiFeature },
  { name: 'maintenance', start: maintenanceFeature },
];

export interface RunningWorkers {
  stop(): Promise<void>;
}

export async function startWorkers(deps: Deps): Promise<RunningWorkers> {
  const stoppers: Array<() => Promise<void>> = [];
  for (const f of FEATURES) {
    const stop = await f.start(deps);
    if (stop) stoppers.push(stop);
    deps.logger.debug({ feature: f.name }, 'worker feature started');
  }
  return {
    async stop() {
      for (const stop of stoppers.reverse()) await stop();
    },
  };
}
