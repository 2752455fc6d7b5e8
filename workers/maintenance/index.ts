/**
 * The 'maintenance' queue: housekeeping jobs fired by BullMQ job schedulers (one job per interval however
 * many worker processes run): 'archive-storage', moving archived tickets to cold storage, and
 * 'info-request-expiry', ending requests for more information the citizen left unanswered.
 */
import type { Job } from 'bullmq';
import { archiveConfig } from '../../services/archive/config.ts';
import { moveArchivedTickets } from '../../services/archive/storage.ts';
import type { Deps } from '../../services/deps.ts';
import { expireInfoRequests } from '../../services/followup/infoRequests.ts';
import { withRequestContext } from '../../services/requestContext.ts';
import type { WorkerFeature } from '../index.ts';

export const ARCHIVE_SCHEDULER_ID = 'archive-storage';
export const INFO_EXPIRY_SCHEDULER_ID = 'info-request-expiry';
/** Answer windows end at the close of a working day; a few minutes late is soon enough. */
const INFO_EXPIRY_EVERY_MS = 5 * 60_000;

export function maintenanceProcessor(deps: Deps) {
  const cfg = archiveConfig();
  return withRequestContext(async (job: Pick<Job, 'name' | 'data' | 'id' | 'queueName'>) => {
    if (job.name === INFO_EXPIRY_SCHEDULER_ID) {
      const expired = await expireInfoRequests(deps, deps.clock.now());
      if (expired) deps.logger.info({ expired }, 'info requests expired');
      return { expired };
    }
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
  await queue.upsertJobScheduler(
    INFO_EXPIRY_SCHEDULER_ID,
    { every: INFO_EXPIRY_EVERY_MS },
    {
      name: INFO_EXPIRY_SCHEDULER_ID,
      data: {},
      opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
    },
  );
  const worker = deps.queues.worker('maintenance', maintenanceProcessor(deps), { concurrency: 1 });
  return async () => {
    await worker.close();
  };
};
