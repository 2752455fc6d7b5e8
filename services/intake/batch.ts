import type { Db, Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';

type Work<T> = (tx: Executor) => Promise<T>;

interface Item {
  work: Work<unknown>;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

class BatchFailed extends Error {}

/**
 * Group commit for intake. Intakes arriving while others are being written share one transaction: their
 * statements run concurrently on its connection (postgres.js pipelines them) and one COMMIT makes them all
 * durable, so 50 simultaneous webhooks cost a few round trips and one WAL flush each way, not 50. A batch
 * commits only if every intake in it succeeded; otherwise it rolls back and each intake is re-run in a
 * transaction of its own, so one bad input never takes the others down and never half-writes itself.
 * Each caller is answered only after its own data is committed.
 */
export class TxBatcher {
  private queue: Item[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly opts: { maxBatch: number; maxConcurrent: number },
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
      // Let everything that arrives in this turn of the event loop join the same batch.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.running < this.opts.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.running++;
      void this.execute(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async execute(batch: Item[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const values = await this.db.transaction(async (tx) => {
          const settled = await Promise.allSettled(batch.map((i) => i.work(tx)));
          if (settled.some((s) => s.status === 'rejected')) throw new BatchFailed();
          return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
        });
        batch.forEach((item, i) => {
          item.resolve(values[i]);
        });
        return;
      } catch {
        // Fall through: every intake on its own, so each gets its own result or error.
      }
    }
    // Two at a time: enough to finish quickly, few enough to leave pool connections for everyone else.
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const item = batch[next++];
        if (!item) break;
        await this.db
          .transaction((tx) => item.work(tx))
          .then(
            (v) => item.resolve(v),
            (err: unknown) => item.reject(err),
          );
      }
    };
    await Promise.all([worker(), worker()]);
  }
}

const batchers = new WeakMap<Deps, TxBatcher>();

/** The intake batcher of this process. Embedded PGlite has one connection: one batch at a time there. */
export function intakeBatcher(deps: Deps): TxBatcher {
  let b = batchers.get(deps);
  if (!b) {
    b = new TxBatcher(deps.db, { maxBatch: 64, maxConcurrent: deps.database.kind === 'pglite' ? 1 : 4 });
    batchers.set(deps, b);
  }
  return b;
}
