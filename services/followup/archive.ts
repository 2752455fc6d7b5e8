import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { ticketArchives, tickets } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { recordEvents } from '../events.ts';
import { loadFollowupSettings } from './settings.ts';

/**
 * Closed tickets are archived (归档) a configured number of days after closing: a row in ticket_archives
 * and a 'ticket.archived' event. Batched and idempotent (the archive row is the guard); a reopened ticket
 * leaves the archive (reopen.ts).
 */
export async function archiveClosedTickets(deps: Deps, now: Date, batch = 500): Promise<number> {
  const settings = await loadFollowupSettings(deps.db);
  const cutoff = new Date(now.getTime() - settings.archiveAfterDays * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: tickets.id, closedAt: tickets.closedAt, closeReason: tickets.closeReason })
        .from(tickets)
        .leftJoin(ticketArchives, eq(ticketArchives.ticketId, tickets.id))
        .where(and(eq(tickets.status, 'closed'), lte(tickets.closedAt, cutoff), isNull(ticketArchives.ticketId)))
        .limit(batch)
        .for('update', { of: tickets, skipLocked: true });
      if (due.length === 0) return 0;
      const inserted = await tx
        .insert(ticketArchives)
        .values(due.map((t) => ({ ticketId: t.id, archivedAt: now, closedAt: t.closedAt, closeReason: t.closeReason })))
        .onConflictDoNothing()
        .returning({ ticketId: ticketArchives.ticketId });
      await recordEvents(
        tx,
        inserted.map((r) => ({
          ticketId: r.ticketId,
          action: 'ticket.archived' as const,
          at: now,
          actorKind: 'system' as const,
          payload: { afterDays: settings.archiveAfterDays },
        })),
      );
      return inserted.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

export async function unarchive(tx: Executor, ticketId: number): Promise<boolean> {
  const r = await tx.delete(ticketArchives).where(eq(ticketArchives.ticketId, ticketId)).returning();
  return r.length > 0;
}

/** Archived tickets count, for the console. */
export async function archivedCount(db: Executor): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(ticketArchives);
  return r?.n ?? 0;
}
