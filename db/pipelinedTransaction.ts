import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { Db, Tx } from './client.ts';

/**
 * postgres.js buffers a message shorter than this and writes it on the next setImmediate; one at least
 * this long is written at once, together with whatever was buffered (postgres/src/connection.js `write`).
 */
const DRIVER_WRITE_THRESHOLD = 1024;

/**
 * COMMIT, padded with a comment to the length postgres.js writes at once. Sent bare, it would wait for the
 * next turn of the event loop's check phase, behind every HTTP request that has come in meanwhile: under
 * load that wait was most of a COMMIT's round trip.
 */
const COMMIT = `commit -- ${'.'.repeat(DRIVER_WRITE_THRESHOLD)}`;

type Query = Promise<unknown> & { values(): Query };
interface UnsafeOptions {
  prepare?: boolean;
  /** postgres.js calls it with its connection object when the statement is written; truthy keeps pipelining. */
  onexecute?: (connection: DriverConnection) => boolean;
}
type Unsafe = (text: string, params?: unknown[], opts?: UnsafeOptions) => Query;
type ReservedSql = Sql & { release(): void };
/** postgres.js's connection object: it calls `onclose` (once) when the connection's socket closes. */
interface DriverConnection {
  onclose: ((err: unknown) => void) | null;
}

/** What the scopes of one transaction share. */
interface Shared {
  savepoints: number;
  /** Set when the connection closed: nothing more may be sent on it (postgres.js would not reconnect it). */
  lost: unknown;
  /**
   * Set once the transaction has ended: a statement sent after that (a stray promise of the callback) would
   * run outside it, or on the connection's next user once it is back in the pool.
   */
  ended: boolean;
}

function failedQuery(err: unknown): Query {
  const q = Promise.reject(err) as Query;
  q.values = () => q;
  return q;
}

/**
 * The client a drizzle session runs on, over one reserved connection. Like postgres.js's own transaction
 * scope, it remembers the first statement of its scope that failed, even one whose caller caught the
 * error: PostgreSQL has aborted the transaction (or the savepoint) then, and it must not report success.
 */
class Scope {
  private failed = false;
  failure: unknown = undefined;

  constructor(
    private readonly conn: ReservedSql,
    private readonly shared: Shared,
  ) {}

  readonly unsafe: Unsafe = (text, params, opts) => {
    // A reserved connection whose socket closed is not reconnected: a statement sent on it would never be
    // answered (and a short one throws inside the driver's deferred write).
    const q = this.shared.lost
      ? failedQuery(this.shared.lost)
      : this.shared.ended
        ? failedQuery(new Error('statement sent after its transaction ended'))
        : (this.conn.unsafe as unknown as Unsafe)(text, params, opts);
    // Attaching the handler hands the statement to the connection in call order (postgres.js runs a query
    // once something awaits it); the caller still awaits `q` itself.
    q.catch((err: unknown) => {
      if (!this.failed) {
        this.failed = true;
        this.failure = err;
      }
    });
    return q;
  };

  /** drizzle's nested `tx.transaction(...)`. */
  readonly savepoint = async <T>(fn: (client: Scope) => Promise<T>): Promise<T> => {
    const name = `s${this.shared.savepoints++}`;
    const inner = new Scope(this.conn, this.shared);
    await this.unsafe(`savepoint ${name}`);
    try {
      const out = await fn(inner);
      if (inner.failed) throw inner.failure;
      await this.unsafe(`release savepoint ${name}`);
      return out;
    } catch (err) {
      await this.unsafe(`rollback to savepoint ${name}`);
      throw err;
    }
  };

  get hasFailed() {
    return this.failed;
  }
}

interface PostgresJsDbLike {
  session?: {
    client?: { reserve?: () => Promise<ReservedSql> };
    schema?: unknown;
    options?: unknown;
  };
  dialect?: unknown;
}

/**
 * db.transaction without the round trip of its own BEGIN. postgres.js sends BEGIN and waits for its answer
 * before the callback runs; here BEGIN goes out with the callback's first statements, so a transaction of
 * one batch of statements and a COMMIT costs two round trips, not three. Under load each round trip also
 * waits for the event loop (the API's HTTP work), so this is the intake batches' largest single wait.
 *
 * Same contract as db.transaction: all or nothing; a failed statement fails the transaction even if its
 * caller caught the error; nested `tx.transaction` is a savepoint. A statement the callback handed to the
 * driver without awaiting it runs before the COMMIT, and its failure fails the transaction. If the
 * connection is lost, the transaction fails at once and the driver reconnects for the next one. On PGlite
 * it is db.transaction.
 */
export async function pipelinedTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { session, dialect } = db as unknown as PostgresJsDbLike;
  const reserve = session?.client?.reserve;
  if (!session || !dialect || !reserve) return db.transaction(fn);
  const conn = await reserve.call(session.client);
  const shared: Shared = { savepoints: 0, lost: undefined, ended: false };
  let driverConnection: DriverConnection | undefined;
  let onLost: (err: unknown) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    onLost = (err) => {
      shared.lost = err ?? new Error('database connection closed');
      reject(shared.lost);
    };
  });
  lost.catch(() => {}); // observed through the races below
  try {
    const top = new Scope(conn, shared);
    void top.unsafe('begin', [], {
      onexecute: (c) => {
        driverConnection = c;
        c.onclose = onLost;
        return true;
      },
    });
    const drizzleSession = new PostgresJsSession(
      top as never,
      dialect as never,
      session.schema as never,
      session.options as never,
    );
    const tx = new PostgresJsTransaction(dialect as never, drizzleSession, session.schema as never) as unknown as Tx;
    let out: T;
    try {
      out = await Promise.race([fn(tx), lost]);
      if (top.hasFailed) throw top.failure;
    } catch (err) {
      // Raced too: a ROLLBACK sent as the socket fails is never answered.
      if (!shared.lost) await Promise.race([conn.unsafe('rollback'), lost]).catch(() => {});
      throw err;
    }
    // Statements sent but not awaited by the callback run before this COMMIT; if one failed, PostgreSQL
    // answers the COMMIT with ROLLBACK, and that statement's failure is the one reported.
    const done = (await Promise.race([top.unsafe(COMMIT), lost])) as { command?: string };
    if (top.hasFailed) throw top.failure;
    if (done.command !== 'COMMIT') throw new Error(`transaction ended with ${done.command ?? 'nothing'}`);
    return out;
  } finally {
    shared.ended = true;
    if (driverConnection) driverConnection.onclose = null;
    // A lost connection is back in the driver's pool already (as closed, to reconnect on demand); releasing
    // it would hand the dead socket to the next query.
    if (!shared.lost) conn.release();
  }
}
