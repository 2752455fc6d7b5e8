/**
 * The 'maintenance' queue: housekeeping jobs fired by BullMQ job schedulers (one job per interval however
 * many worker processes run). Today: 'archive-storage', moving archived tickets to cold storage.
 */
import type { Job } from 'bullmq';
import { archiveConfig } from '../../services/archive/config.ts';
import { moveArchivedTickets } from '../../services/archive/storage.ts';
import type { Deps } from '../../services/deps.ts';
import { withRequestContext } from '../../services/requestContext.ts';
import type { WorkerFeature } from '../index.ts';

export const ARCHIVE_SCHEDULER_ID = 'archive-storage';

export function maintenanceProcessor(deps: Deps) {
  const cfg = archiveConfig();
  return withRequestContext(async (job: Pick<Job, 'name' | 'data' | 'id' | 'queueName'>) => {
    if (job.name !== 'archive-storage') return { skipped: job.name };
    const r = await moveArchivedTickets(deps.db, { batch: cfg.ARCHIVE_MOVE_BATCH, maxMs: cfg.ARCHIVE_MOVE_BUDGET_MS });
    if (r.moved || r.restored) deps.logger.info(r, 'archive storage: tickets moved');
    return r;
  });
}

export const maintenanceFeature: WorkerFeature = async (deps) => {
  const cfg = archiveConfig();
  const queue = deps.queues.queue('maintenance');
  if (cfg.ARCHIVE_MOVE_EVERY_MS > 0) {
    await queue.upsertJobScheduler(
      ARCHIVE_SCHEDULER_ID,
      { every: cfg.ARCHIVE_MOVE_EVERY_MS },
      { name: 'archive-storage', data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } },
    );
  } else {
    await queue.removeJobScheduler(ARCHIVE_SCHEDULER_ID);
  }
  const worker = deps.queues.worker('maintenance', maintenanceProcessor(deps), { concurrency: 1 });
  return async () => {
    await worker.close();
  };
};
