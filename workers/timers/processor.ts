import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Deps } from '../../services/deps.ts';
import { withRequestContext } from '../../services/requestContext.ts';
import { RECOMPUTE_JOB, runRecompute } from '../../services/sla/recompute.ts';
import { reconcileOnce } from '../../services/sla/reconcile.ts';
import { fireClockEvent, TIMER_JOB } from '../../services/sla/timers.ts';

export const timerJobSchema = z.object({
  clockId: z.number().int().positive(),
  event: z.enum(['warning', 'breach']),
  targetMs: z.number().int(),
});
export const recomputeJobSchema = z.object({ runId: z.number().int().positive() });
export const RECONCILE_JOB = 'reconcile';

/**
 * The 'timers' queue: clock events, recompute runs, on-demand sweeps. Everything idempotent; the
 * database decides what is still owed (services/sla/timers.ts fireClockEvent).
 */
export async function processTimerJob(deps: Deps, job: Job, token?: string): Promise<string> {
  switch (job.name) {
    case TIMER_JOB: {
      const data = timerJobSchema.parse(job.data);
      const res = await fireClockEvent(deps, data, 'job');
      if (res.outcome === 'early' && res.at && token) {
        // Our clock is behind the job's (another process's clock, or a test clock): wait the rest.
        const wait = res.at.getTime() - deps.clock.now().getTime();
        await job.moveToDelayed(Date.now() + Math.max(wait, 10), token);
        throw new DelayedError();
      }
      deps.logger[res.outcome === 'fired' ? 'info' : 'debug'](
        { jobId: job.id, clockId: data.clockId, event: data.event, outcome: res.outcome, lagMs: res.lagMs },
        'timer job',
      );
      return res.outcome;
    }
    case RECOMPUTE_JOB: {
      const { runId } = recomputeJobSchema.parse(job.data);
      const run = await runRecompute(deps, runId, {
        onProgress: (r) => job.updateProgress({ processed: r.processed, total: r.total, moved: r.moved }),
      });
      deps.logger.info({ jobId: job.id, runId, status: run.status, moved: run.moved }, 'recompute job');
      return `${run.status} ${run.processed}/${run.total} moved ${run.moved}`;
    }
    case RECONCILE_JOB: {
      const res = await reconcileOnce(deps);
      return res ? JSON.stringify(res) : 'skipped: another sweep is running';
    }
    default:
      // A job name this version does not know (newer producer): fail it visibly, do not retry.
      throw new Error(`unknown timers job ${job.name}`);
  }
}

/**
 * What the timers worker runs: processTimerJob inside the job's request context, so the log lines and
 * events of a firing carry the id of the request that set the timer (services/requestContext.ts).
 */
export function timersProcessor(deps: Deps) {
  return withRequestContext((job: Job, token?: string) => processTimerJob(deps, job, token));
}
