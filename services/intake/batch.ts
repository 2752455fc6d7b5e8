import type { SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelinedTransaction.ts';
import { pipelinesCommit, planForIndexProbes, queryRowsPrepared } from '../../db/rows.ts';

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
    private readonly write: (tx: Executor, items: I[], defer: Defer) => Promise<O[]>,
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
      void this.execute(batch).then((answer) => {
        this.running--;
        // The next batch goes out before this one's callers are answered: their HTTP responses would
        // otherwise be written first, and PostgreSQL would sit idle meanwhile.
        this.pump();
        answer();
      });
    }
  }

  /** Writes `batch`; what it resolves to answers the callers still waiting. Never rejects. */
  private async execute(batch: Array<Pending<I, O>>): Promise<() => void> {
    if (batch.length > 1) {
      try {
        const values = await this.commit(batch.map((p) => p.item));
        return () =>
          batch.forEach((p, i) => {
            p.resolve(values[i] as O);
          });
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
        await this.commit([p.item]).then(
          (v) => p.resolve(v[0] as O),
          (err: unknown) => p.reject(err),
        );
      }
    };
    await Promise.all([worker(), worker()]);
    return () => {};
  }

  /**
   * One transaction for `items`, in as few round trips as its statements allow: its BEGIN travels with the
   * first statements (db/pipelinedTransaction.ts), and statements handed to `defer` (their results are not
   * needed) go out with the COMMIT: on postgres.js they are sent as the write returns, ahead of the COMMIT
   * on the same connection, and are awaited after it. If one failed, the transaction was aborted and
   * PostgreSQL answered that COMMIT with a rollback, so the batch is reported failed, as if the statement
   * had been awaited inside. (PGlite closes its transaction as soon as the callback returns, so there they
   * are awaited inside.)
   */
  private async commit(items: I[]): Promise<O[]> {
    const deferred: SQL[] = [];
    let sent: Array<Promise<unknown>> = [];
    const values = await pipelinedTransaction(this.db, async (tx) => {
      const planned = planForIndexProbes(tx);
      planned.catch(() => {}); // observed below; if the write throws first, its failure is the one reported
      const out = await this.write(tx, items, (statement) => deferred.push(statement));
      // queryRowsPrepared hands each statement to postgres.js at once, so they are queued on the connection
      // before the COMMIT, which is sent only after this callback's promise has settled.
      sent = [planned, ...deferred.map((statement) => queryRowsPrepared(tx, statement))];
      for (const s of sent) s.catch(() => {}); // observed below; a failure must not count as unhandled first
      if (!pipelinesCommit(tx)) await Promise.all(sent);
      return out;
    });
    await Promise.all(sent);
    return values;
  }
}

/** Hands a statement whose result the batch does not need to the group commit (see GroupCommit.commit). */
export type Defer = (statement: SQL) => void;

/**
 * How wide a batch may be, and how many may be written at once. One per process: the next batch forms while
 * one is written, batches take turns at the day's counter row anyway (services/intake/fastInsert.ts), and a
 * single writer keeps each batch as large as the load allows, so its fixed statements cost least per ticket
 * (bench:intake, 50 clients: 1,598/s with 1 in flight, 1,508/s with 2, ~1,250/s with 4).
 */
export const GROUP_COMMIT = { maxBatch: 64, maxConcurrent: 1 } as const;
