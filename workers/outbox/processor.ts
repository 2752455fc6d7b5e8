import { type Job, UnrecoverableError } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import { messages } from '../../db/schema/index.ts';
import type { Deps } from '../../services/deps.ts';
import { claimMessages, deliverDue, type dueMessageIds, sendClaimed } from '../../services/followup/delivery.ts';
import { jobData, withRequestContext } from '../../services/requestContext.ts';

export const DELIVER_JOB = 'deliver';
export const deliverJobSchema = z.object({
  messageId: z.number().int().positive(),
  /** The request that queued the message (services/requestContext.ts); absent for rows without one. */
  requestId: z.string().optional(),
});
export type DeliverJob = z.infer<typeof deliverJobSchema>;

/** One job per (message, delivery attempt): a re-enqueue of the same attempt is a no-op in BullMQ. */
export function deliverJobId(messageId: number, attempts: number): string {
  return `msg-${messageId}-a${attempts}`;
}

/**
 * The request that queued each message. Rows reach the queue from LISTEN or the sweep, outside any request,
 * so the id comes from the row's 'message.queued' event (written with the row, in the request's context).
 */
async function requestIdsOf(deps: Deps, ids: number[]): Promise<Map<number, string>> {
  const rows = await queryRows<{ id: number | string; request_id: string }>(
    deps.db,
    sql`select m.id, e.request_id from messages m
      cross join lateral (
        select request_id from ticket_events
        where ticket_id = m.ticket_id and action = 'message.queued' and payload->>'messageId' = m.id::text
          and request_id is not null
        order by id limit 1
      ) e
      where m.id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}) and m.ticket_id is not null`,
  );
  return new Map(rows.map((r) => [Number(r.id), r.request_id]));
}

/** Hands rows to the queue. Completed jobs are removed at once, so the sweep can hand a row over again. */
export async function enqueueDeliveries(deps: Deps, rows: Awaited<ReturnType<typeof dueMessageIds>>): Promise<void> {
  if (rows.length === 0) return;
  const requestIds = await requestIdsOf(
    deps,
    rows.map((r) => r.id),
  );
  await deps.queues.queue('outbox').addBulk(
    rows.map((r) => ({
      name: DELIVER_JOB,
      data: jobData({ messageId: r.id, requestId: requestIds.get(r.id) } satisfies DeliverJob),
      opts: {
        jobId: deliverJobId(r.id, r.attempts),
        removeOnComplete: true,
        attempts: 4,
        backoff: { type: 'exponential', delay: 2000 },
      },
    })),
  );
}

/**
 * The database decides: the row is claimed (queued → sending, SKIP LOCKED) or nothing happens. A row not
 * yet due returns 'not_due' (the sweep brings it back); one waiting behind an earlier message to the same
 * citizen is sent by that message's job right after it, keeping the citizen's messages in order.
 */
export async function processOutboxJob(deps: Deps, job: Job): Promise<string> {
  if (job.name !== DELIVER_JOB) throw new UnrecoverableError(`unknown outbox job ${job.name}`);
  const { messageId } = deliverJobSchema.parse(job.data);
  const now = deps.clock.now();
  const [claimed] = await claimMessages(deps, now, { ids: [messageId], limit: 1 });
  if (claimed) {
    const outcome = await sendClaimed(deps, claimed);
    deps.logger[outcome === 'sent' ? 'info' : 'debug'](
      { jobId: job.id, messageId, channel: claimed.channel, outcome },
      'outbox job',
    );
    // The citizen's next messages waited for this one: send them now, in order, rather than on a retry.
    if (outcome === 'sent') await deliverDue(deps, { toAddr: claimed.toAddr, limit: 10 });
    return outcome;
  }
  const [row] = await deps.db
    .select({ status: messages.status, notBefore: messages.notBefore })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.direction, 'out')));
  if (!row) return 'gone';
  if (row.status !== 'queued' && row.status !== 'held') return `already ${row.status}`;
  if (row.notBefore && row.notBefore.getTime() > now.getTime()) return 'not_due';
  // Waiting behind an earlier message to the same citizen: that one's job sends it next (sweep as backstop).
  return 'behind_earlier';
}

/** What the outbox worker runs: processOutboxJob inside the job's request context (its log lines carry the id). */
export function outboxProcessor(deps: Deps) {
  return withRequestContext((job: Job) => processOutboxJob(deps, job));
}
