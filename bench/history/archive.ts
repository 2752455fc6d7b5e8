/**
 * The archive at scale: Follow-up's marking done set-based (ticket_archives rows for tickets closed more than
 * `days` ago; the bench skips the per-ticket 'ticket.archived' events), then the app's own mover
 * (services/archive) moves them to tickets_archive in committed batches, timed.
 */
import type postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { moveArchivedTickets, storageStats } from '../../services/archive/storage.ts';

export interface ArchiveFigures {
  days: number;
  marked: number;
  moved: number;
  markSeconds: number;
  moveSeconds: number;
  hotRows: number;
  archivedRows: number;
  hotBytes: number;
  archiveBytes: number;
}

export async function archivePhase(
  loader: postgres.Sql,
  url: string,
  days: number,
  log: (line: string) => void,
): Promise<ArchiveFigures> {
  let t = performance.now();
  const marked = await loader.unsafe(`insert into ticket_archives (ticket_id, archived_at, closed_at, close_reason)
    select id, now(), closed_at, close_reason from only tickets
    where status = 'closed' and closed_at < now() - make_interval(days => ${days})
    on conflict do nothing`);
  const markSeconds = (performance.now() - t) / 1000;
  log(
    `archive: marked ${marked.count.toLocaleString()} tickets closed over ${days} days ago in ${markSeconds.toFixed(1)} s`,
  );
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    t = performance.now();
    const r = await moveArchivedTickets(database.db, { batch: 20_000 });
    const moveSeconds = (performance.now() - t) / 1000;
    log(
      `archive: moved ${r.moved.toLocaleString()} rows to tickets_archive in ${moveSeconds.toFixed(1)} s (${Math.round(r.moved / Math.max(moveSeconds, 0.001)).toLocaleString()} rows/s)`,
    );
    await loader.unsafe('vacuum (analyze) tickets, tickets_archive, ticket_archives');
    const s = await storageStats(database.db);
    return {
      days,
      marked: marked.count,
      moved: r.moved,
      markSeconds,
      moveSeconds,
      hotRows: s.hot,
      archivedRows: s.archived,
      hotBytes: s.hotBytes,
      archiveBytes: s.archiveBytes,
    };
  } finally {
    await database.close();
  }
}
