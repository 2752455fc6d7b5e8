import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { AppError } from '../errors.ts';

/**
 * The storage side of archiving (归档). Follow-up decides *which* tickets are archived (a ticket_archives row
 * and a 'ticket.archived' event, services/followup/archive.ts, after its archiveAfterDays setting); this
 * module moves those rows out of the hot `tickets` table into `tickets_archive`, a child table that
 * INHERITS tickets (migration 0010). Every query on `tickets` still sees them; the hot table and its
 * indexes keep only the live part of the history. A reopened ticket (Follow-up deletes its marking) is
 * moved back. ticket_events is append-only and never moves.
 */

export interface MoveResult {
  /** Hot → archive. */
  moved: number;
  /** Archive → hot (reopened or unmarked). */
  restored: number;
  batches: number;
}

export interface MoveOptions {
  batch?: number;
  /** Stop after this long; the next run continues (rows are moved in committed batches). */
  maxMs?: number;
}

let columnCache: { key: string; list: string } | undefined;

/**
 * Insertable columns of tickets (everything but generated ones), read from the catalogue so columns other
 * features add later move too without touching this file.
 */
async function movableColumns(db: Executor): Promise<string> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = 'tickets' and is_generated = 'NEVER'
        order by ordinal_position`,
  );
  const key = rows.map((r) => r.name).join(',');
  if (columnCache?.key !== key) columnCache = { key, list: rows.map((r) => `"${r.name}"`).join(', ') };
  return columnCache.list;
}

/**
 * A foreign key to tickets(id) would make DELETE FROM ONLY tickets fail (or cascade!). None exists; if a
 * feature adds one, archiving stops with this message instead of doing damage.
 */
export async function assertNoForeignKeysToTickets(db: Executor): Promise<void> {
  const refs = await queryRows<{ name: string; tbl: string }>(
    db,
    sql`select conname as name, conrelid::regclass::text as tbl from pg_constraint
        where contype = 'f' and confrelid = 'tickets'::regclass`,
  );
  if (refs.length) {
    throw new AppError(
      'conflict',
      `archive storage refuses to move tickets: foreign keys reference tickets (${refs.map((r) => `${r.tbl}.${r.name}`).join(', ')})`,
    );
  }
}

async function moveBatch(db: Db, direction: 'out' | 'back', batch: number): Promise<number> {
  const cols = sql.raw(await movableColumns(db));
  const query =
    direction === 'out'
      ? // Marked archived and still closed: out of the hot table. SKIP LOCKED: a ticket someone is working on
        // waits for the next run, and two movers never fight.
        sql`with b as (
              select t.id from only tickets t join ticket_archives a on a.ticket_id = t.id
              where t.status = 'closed' order by t.id limit ${batch} for update of t skip locked
            ), m as (delete from only tickets t using b where t.id = b.id returning t.*)
            insert into tickets_archive (${cols}) select ${cols} from m`
      : sql`with b as (
              select t.id from only tickets_archive t left join ticket_archives a on a.ticket_id = t.id
              where a.ticket_id is null or t.status <> 'closed'
              order by t.id limit ${batch} for update of t skip locked
            ), m as (delete from only tickets_archive t using b where t.id = b.id returning t.*)
            insert into tickets (${cols}) select ${cols} from m`;
  return db.transaction(async (tx) => {
    const res = (await tx.execute(query)) as unknown as { count?: number; affectedRows?: number };
    return Number(res.count ?? res.affectedRows ?? 0);
  });
}

/** Moves every archived ticket to cold storage and every reopened one back, in committed batches. */
export async function moveArchivedTickets(db: Db, opts: MoveOptions = {}): Promise<MoveResult> {
  await assertNoForeignKeysToTickets(db);
  const batch = opts.batch ?? 1000;
  const started = Date.now();
  const result: MoveResult = { moved: 0, restored: 0, batches: 0 };
  const overBudget = () => opts.maxMs !== undefined && Date.now() - started >= opts.maxMs;
  for (const direction of ['back', 'out'] as const) {
    for (;;) {
      const n = await moveBatch(db, direction, batch);
      result.batches += 1;
      if (direction === 'out') result.moved += n;
      else result.restored += n;
      if (n < batch || overBudget()) break;
    }
    if (overBudget()) break;
  }
  return result;
}

export interface StorageStats {
  hot: number;
  archived: number;
  hotBytes: number;
  archiveBytes: number;
}

/** Row estimates (pg_class, instant at any size) and on-disk sizes of both tables with their indexes. */
export async function storageStats(db: Executor): Promise<StorageStats> {
  const rows = await queryRows<{ name: string; n: string | number; bytes: string | number }>(
    db,
    sql`select relname as name, greatest(reltuples, 0)::bigint as n, pg_total_relation_size(oid) as bytes
        from pg_class where relname in ('tickets', 'tickets_archive') and relkind = 'r'`,
  );
  const of = (name: string) => rows.find((r) => r.name === name);
  return {
    hot: Number(of('tickets')?.n ?? 0),
    archived: Number(of('tickets_archive')?.n ?? 0),
    hotBytes: Number(of('tickets')?.bytes ?? 0),
    archiveBytes: Number(of('tickets_archive')?.bytes ?? 0),
  };
}

/** Where a ticket's row lives: 'hot', 'archive' or null (no such ticket). */
export async function ticketStorage(db: Executor, ticketId: number): Promise<'hot' | 'archive' | null> {
  const [row] = await queryRows<{ tbl: string }>(
    db,
    sql`select tableoid::regclass::text as tbl from tickets where id = ${ticketId}`,
  );
  if (!row) return null;
  return row.tbl === 'tickets_archive' ? 'archive' : 'hot';
}
