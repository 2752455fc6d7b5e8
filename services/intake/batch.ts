import type { Db, Executor } from '../../db/client.ts';
import type { Deps } from '../deps.ts';

interface Pending<I, O> {
  item: I;
  resolve: (v: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit. Items arriving while others are being written share one transaction and one `write` call
 * (which may turn the whole batch into a few multi-row statements), and one COMMIT makes them all durable:
 * 50 simultaneous webhooks cost a few round trips and one WAL flush, not 50 of each. A batch commits only if
 * `write` succeeded for all of it; otherwise it rolls back and each item is written again in a transaction
 * of its own, so one bad input never takes the others down and never half-writes itself. Each caller is
 * answered only after its own data is committed.
 */
export class GroupCommit<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly write: (tx: Executor, items: I[]) => Promise<O[]>,
    private readonly opts: { maxBatch: number; maxConcurrent: number },
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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

  private async execute(batch: Array<Pending<I, O>>): Promise<void> {
    if (batch.length > 1) {
      try {
        const values = await this.db.transaction((tx) =>
          this.write(
            tx,
            batch.map((p) => p.item),
          ),
        );
        batch.forEach((p, i) => {
          p.resolve(values[i] as O);
        });
        return;
      } catch {
        // Fall through: every item on its own, so each gets its own result or error.
      }
    }
    // Two at a time: enough to finish quickly, few enough to leave pool connections for everyone else.
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const p = batch[next++];
        if (!p) break;
        await this.db
          .transaction(async (tx) => (await this.write(tx, [p.item]))[0] as O)
          .then(
            (v) => p.resolve(v),
            (err: unknown) => p.reject(err),
          );
      }
    };
    await Promise.all([worker(), worker()]);
  }
}

/**
 * How wide a batch may be on this database. Two batches in flight: one forms while the other is written.
 * More would only make each smaller, and a batch's fixed statements cost more per ticket (bench:intake, 50
 * clients: 1,450/s at 2, 1,250/s at 4, 1,120/s at 8). Embedded PGlite has one connection: one at a time.
 */
export function groupCommitOptions(deps: Deps) {
  return { maxBatch: 64, maxConcurrent: deps.database.kind === 'pglite' ? 1 : 2 };
}
