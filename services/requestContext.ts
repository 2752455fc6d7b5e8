import { AsyncLocalStorage } from 'node:async_hooks';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * The request id that follows one piece of work from its HTTP request into every job it causes, so a
 * ticket's log lines, events and jobs can be found with one id.
 *
 * How to use it:
 * - HTTP: api/ops/middleware.ts opens the context for every request with hono's X-Request-Id, so any code
 *   below a handler can call `currentRequestId()` (no need to thread `c.get('requestId')` through).
 * - Producers: wrap the payload, `queue.add(name, jobData({ ticketId }), { jobId })`. The id travels in
 *   `job.data.requestId`; outside a request (sweeps) the payload is left as it is.
 * - Processors: `hub.worker('timers', withRequestContext(async (job) => …))`. The processor runs inside the
 *   job's context (its stamped id, or `job-<queue>-<id>` for jobs from a sweep), so `currentRequestId()`,
 *   `contextLogger()` and jobs it adds in turn carry the same id.
 * - Logs: the app's logger (services/logger.ts createLogger) is built with `mixin: requestIdMixin`, so every
 *   line written inside a context has `requestId`; `contextLogger(logger)` does the same for another logger.
 */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs fn with requestId as the current id (used by the HTTP middleware and the processor wrapper). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** Stamps the current request id into a job payload; an id already in the payload wins. */
export function jobData<T extends object>(data: T): T & { requestId?: string } {
  const requestId = (data as { requestId?: unknown }).requestId ?? currentRequestId();
  return typeof requestId === 'string' ? { ...data, requestId } : data;
}

/** What the wrapper reads of a job; processors tested with a hand-built job need only these. */
export type JobLike = Pick<Job, 'data' | 'queueName' | 'id'>;

function requestIdOfJob(job: JobLike): string {
  const stamped = (job.data as { requestId?: unknown } | undefined)?.requestId;
  return typeof stamped === 'string' && stamped ? stamped : `job-${job.queueName}-${job.id ?? 'new'}`;
}

/**
 * Wraps a BullMQ processor so it runs inside the request context of the job that it handles. Arguments
 * after the job (BullMQ's lock token, an abort signal) pass through unchanged.
 */
export function withRequestContext<J extends JobLike, A extends unknown[], R>(
  processor: (job: J, ...rest: A) => Promise<R>,
): (job: J, ...rest: A) => Promise<R> {
  return (job, ...rest) => storage.run({ requestId: requestIdOfJob(job) }, () => processor(job, ...rest));
}

/** A child logger carrying the current request id (the logger itself outside any context). */
export function contextLogger(logger: Logger): Logger {
  const requestId = currentRequestId();
  return requestId ? logger.child({ requestId }) : logger;
}

/**
 * pino `mixin` option: every line logged inside a context gets its requestId, unless the line or the
 * child logger (contextLogger) already names one: pino would otherwise write the key twice.
 */
export function requestIdMixin(_line?: object, _level?: number, logger?: Logger): Record<string, unknown> {
  const requestId = currentRequestId();
  if (!requestId || logger?.bindings().requestId !== undefined) return {};
  return { requestId };
}
