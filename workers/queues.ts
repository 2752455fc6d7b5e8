import { type Job, Queue, type QueueOptions, Worker, type WorkerOptions } from 'bullmq';
import type { RedisConnection } from '../services/redis.ts';

/**
 * Every BullMQ queue of Huiyin. Add a name here when a feature needs a queue; payload schemas live
 * next to their processors. The prefix is wrapped in a hash tag ({huiyin}) so all keys of an install
 * land in one Redis Cluster slot, which BullMQ's multi-key scripts require.
 */
export const QUEUE_NAMES = ['timers', 'outbox', 'kpi', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export function bullPrefix(queuePrefix: string): string {
  return queuePrefix.startsWith('{') ? queuePrefix : `{${queuePrefix}}`;
}

export class QueueHub {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    readonly redis: RedisConnection,
    readonly prefix: string,
  ) {}

  queue(name: QueueName, opts: Partial<QueueOptions> = {}): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis,
        prefix: bullPrefix(this.prefix),
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
        ...opts,
      });
      this.queues.set(name, q);
    }
    return q;
  }

  worker<T, R>(name: QueueName, processor: (job: Job<T, R>) => Promise<R>, opts: Partial<WorkerOptions> = {}): Worker {
    // Workers block on Redis: each gets its own connection, as BullMQ requires.
    const w = new Worker<T, R>(name, processor, {
      connection: this.redis.duplicate(),
      prefix: bullPrefix(this.prefix),
      concurrency: 10,
      ...opts,
    });
    this.workers.push(w as unknown as Worker);
    return w as unknown as Worker;
  }

  allQueues(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
  }

  /** Close order from stack-notes: workers, then queues; the caller quits redis afterwards. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
