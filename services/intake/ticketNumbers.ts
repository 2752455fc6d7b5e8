import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { formatTicketNo, shanghaiDay } from '../../domain/ticketNo.ts';

interface Waiter {
  day: string;
  resolve: (no: string) => void;
  reject: (err: unknown) => void;
}

/**
 * Ticket numbers for intake under load. Same counter row as services/tickets.ts allocateTicketNo, but
 * callers waiting at the same moment share one `last = last + n` instead of queueing n times on the row
 * lock (each of those waits for the previous commit's WAL flush). Nothing is handed out ahead of demand,
 * so a quiet centre gets no gaps; numbers stay unique because every block comes from one atomic upsert.
 */
class TicketNumberAllocator {
  private waiting: Waiter[] = [];
  private busy = false;

  constructor(private readonly db: Db) {}

  next(at: Date): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ day: shanghaiDay(at), resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length) {
        const day = this.waiting[0]?.day ?? '';
        const batch = this.waiting.filter((w) => w.day === day).slice(0, 500);
        this.waiting = this.waiting.filter((w) => !batch.includes(w));
        try {
          // Asynchronous commit: this statement need not wait for its own WAL flush. A ticket carrying one of
          // these numbers commits synchronously later, and WAL is flushed in order, so whenever a numbered
          // ticket is durable the counter step before it is too; a crash can leave a gap, never a duplicate.
          const [row] = await queryRows<{ last: number }>(
            this.db,
            sql`with async as (select set_config('synchronous_commit', 'off', true))
                insert into ticket_counters (day, last) select ${day}, ${batch.length} from async
                on conflict (day) do update set last = ticket_counters.last + ${batch.length} returning last`,
          );
          const last = Number(row?.last);
          if (!Number.isFinite(last)) throw new Error('ticket number allocation returned nothing');
          batch.forEach((w, i) => {
            w.resolve(formatTicketNo(day, last - batch.length + 1 + i));
          });
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

const allocators = new WeakMap<Db, TicketNumberAllocator>();

export function nextTicketNo(db: Db, at: Date): Promise<string> {
  let a = allocators.get(db);
  if (!a) {
    a = new TicketNumberAllocator(db);
    allocators.set(db, a);
  }
  return a.next(at);
}
