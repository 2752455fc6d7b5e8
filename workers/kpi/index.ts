/**
 * KPI maintenance in the background: a BullMQ job scheduler on the 'kpi' queue fires a 'fold' job every
 * KPI_FOLD_MS (default 5 s; one job per interval however many worker processes run), which folds new
 * events into the rollups until caught up (or a time budget) and, at most once a minute, recomputes the
 * last two days of call counters. A 'rebuild' job (queued by POST /api/kpi/rebuild) replays the whole
 * event log. The fold's cursor lock (SKIP LOCKED) makes concurrent jobs harmless.
 */
import type { Job } from 'bullmq';
import type { Deps } from '../../services/deps.ts';
import { syncCallDays, syncRecentCalls } from '../../services/kpi/calls.ts';
import { catchUp, rebuildKpis } from '../../services/kpi/maintain.ts';
import { jobData, withRequestContext } from '../../services/requestContext.ts';
import type { WorkerFeature } from '../index.ts';

export const KPI_SCHEDULER_ID = 'kpi-fold';
export type KpiJobName = 'fold' | 'rebuild';

export interface KpiWorkerOptions {
  /** How often the fold runs; 0 = no scheduler (tests run jobs themselves). */
  foldEveryMs?: number;
  /** Time budget of one fold job. */
  budgetMs?: number;
  /** Minimum time between call-counter syncs. */
  callsEveryMs?: number;
}

export function kpiOptionsFromEnv(env: Record<string, string | undefined> = process.env): KpiWorkerOptions {
  const num = (v: string | undefined, d: number) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    foldEveryMs: num(env.KPI_FOLD_MS, 5000),
    budgetMs: num(env.KPI_FOLD_BUDGET_MS, 20_000),
    callsEveryMs: num(env.KPI_CALLS_MS, 60_000),
  };
}

export interface KpiJobResult {
  folded: number;
  caughtUp: boolean;
  callDays?: number;
}

/** Hands a job to the KPI services; "another worker holds the cursor" is success, not failure. */
export function kpiProcessor(deps: Deps, opts: KpiWorkerOptions = {}) {
  let lastCalls = 0;
  return async (job: Pick<Job, 'name'>): Promise<KpiJobResult> => {
    if (job.name === 'rebuild') {
      const r = await rebuildKpis(deps.db);
      const callDays = await syncCallDays(deps.db);
      deps.logger.info({ folded: r.folded, callDays }, 'kpi rebuilt');
      return { folded: r.folded, caughtUp: r.caughtUp, callDays };
    }
    const r = await catchUp(deps.db, { maxMs: opts.budgetMs ?? 20_000 });
    let callDays: number | undefined;
    if (Date.now() - lastCalls >= (opts.callsEveryMs ?? 60_000)) {
      lastCalls = Date.now();
      callDays = await syncRecentCalls(deps.db, deps.clock.now());
    }
    if (r.folded) deps.logger.debug({ folded: r.folded, watermark: r.watermark }, 'kpi folded');
    return { folded: r.folded, caughtUp: r.caughtUp, callDays };
  };
}

/** Queues a full rebuild (deterministic job id: one pending rebuild at a time). */
export async function queueKpiRebuild(deps: Deps): Promise<string | undefined> {
  const job = await deps.queues
    .queue('kpi')
    .add('rebuild', jobData({}), { jobId: `kpi-rebuild-${Date.now()}`, attempts: 1 });
  return job.id;
}

export async function startKpi(deps: Deps, opts: KpiWorkerOptions = {}): Promise<() => Promise<void>> {
  const queue = deps.queues.queue('kpi');
  const every = opts.foldEveryMs ?? 5000;
  if (every > 0) {
    await queue.upsertJobScheduler(
      KPI_SCHEDULER_ID,
      { every },
      { name: 'fold', data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } },
    );
  }
  const handle = kpiProcessor(deps, opts);
  const worker = deps.queues.worker(
    'kpi',
    withRequestContext((job: Job) => handle(job)),
    { concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.logger.warn({ err, jobId: job?.id, name: job?.name }, 'kpi job failed'));
  return async () => {
    await worker.close();
  };
}

export const kpiFeature: WorkerFeature = (deps) => startKpi(deps, kpiOptionsFromEnv());
