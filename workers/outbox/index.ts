import postgres from 'postgres';
import type { Deps } from '../../services/deps.ts';
import { dueMessageIds, sweepStaleSending } from '../../services/followup/delivery.ts';
import { OUTBOX_CHANNEL } from '../../services/followup/outbox.ts';
import type { WorkerFeature } from '../index.ts';
import { enqueueDeliveries, outboxProcessor } from './processor.ts';

export interface OutboxOptions {
  /** Sweep period (re-enqueue due rows, settle interrupted sends); 0 disables it (tests sweep by hand). */
  sweepIntervalMs?: number;
  concurrency?: number;
  /** LISTEN for committed outbox rows (postgres only); off = rows wait for the sweep. */
  listen?: boolean;
}

/**
 * One sweep: interrupted sends are settled, then every due row goes to the queue. The database is the
 * truth, so after a Redis flush the next sweep rebuilds the queue and nothing is lost.
 */
export async function sweepOutbox(deps: Deps): Promise<{ stale: number; enqueued: number }> {
  const now = deps.clock.now();
  const stale = await sweepStaleSending(deps, now);
  const due = await dueMessageIds(deps, now);
  await enqueueDeliveries(deps, due);
  return { stale, enqueued: due.length };
}

/** The message ids of an outbox notification: one id, or a statement's ids comma-separated. */
export function outboxNotice(payload: string): number[] {
  return payload
    .split(',')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
}

export async function startOutbox(deps: Deps, opts: OutboxOptions = {}): Promise<() => Promise<void>> {
  const worker = deps.queues.worker('outbox', outboxProcessor(deps), {
    concurrency: opts.concurrency ?? 5,
  });
  worker.on('failed', (job, err) => deps.logger.debug({ err: err.message, jobId: job?.id }, 'outbox job failed'));
  // pg_notify fires on commit only: a row is handed to the queue as soon as its transaction is durable.
  let listener: postgres.Sql | null = null;
  if ((opts.listen ?? true) && deps.database.url) {
    listener = postgres(deps.database.url, { max: 1, onnotice: () => {} });
    await listener.listen(OUTBOX_CHANNEL, (payload) => {
      const ids = outboxNotice(payload);
      if (ids.length === 0) return;
      void dueMessageIds(deps, deps.clock.now(), { ids })
        .then((rows) => enqueueDeliveries(deps, rows))
        .catch((err) => deps.logger.warn({ err }, 'outbox notify handling failed'));
    });
  }
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sweepOutbox(deps).catch((err) => deps.logger.error({ err }, 'outbox sweep failed'));
  };
  sweep();
  const interval = opts.sweepIntervalMs ?? 10_000;
  const timer = interval > 0 ? setInterval(sweep, interval) : undefined;
  return async () => {
    if (timer) clearInterval(timer);
    await sweeping;
    await listener?.end({ timeout: 5 });
    await worker.close();
  };
}

export const outboxFeature: WorkerFeature = (deps) =>
  startOutbox(deps, { sweepIntervalMs: Number(process.env.OUTBOX_SWEEP_MS ?? 10_000) });
