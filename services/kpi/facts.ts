/**
 * Loading and saving the fold's per-ticket and per-dispatch facts, and the seeds (from the tickets and
 * dispatches rows) for tickets and dispatches the fold meets for the first time.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import type { DispatchFacts, DispatchSeed, FoldState, TicketFacts, TicketSeed } from '../../domain/kpi/fold.ts';

const intArray = (ids: number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

export async function loadFacts(tx: Executor, state: FoldState, ticketIds: number[], dispatchIds: number[]) {
  if (ticketIds.length) {
    const rows = await queryRows<{ ticket_id: number; facts: TicketFacts }>(
      tx,
      sql`select ticket_id, facts from kpi_ticket_facts where ticket_id = any(${intArray(ticketIds)})`,
    );
    for (const r of rows) state.tickets.set(Number(r.ticket_id), r.facts);
  }
  if (dispatchIds.length) {
    const rows = await queryRows<{ dispatch_id: number; facts: DispatchFacts }>(
      tx,
      sql`select dispatch_id, facts from kpi_dispatch_facts where dispatch_id = any(${intArray(dispatchIds)})`,
    );
    for (const r of rows) state.dispatches.set(Number(r.dispatch_id), r.facts);
  }
  const unseen = ticketIds.filter((id) => !state.tickets.has(id));
  if (unseen.length) {
    // The category the ticket was created with: the "from" of its first category change if it has one
    // (the row already holds a later value), else the row's. Incremental and rebuild agree on it.
    const rows = await queryRows<{ id: number; channel: string; category_id: number | null }>(
      tx,
      sql`select t.id, t.channel::text as channel,
            case when x.found then (x.f)::int else t.category_id end as category_id
          from tickets t
          left join lateral (
            select true as found, e.payload->'changes'->'categoryId'->>'from' as f
            from ticket_events e
            where e.ticket_id = t.id and e.action = 'ticket.updated' and e.payload->'changes' ? 'categoryId'
            order by e.id limit 1
          ) x on true
          where t.id = any(${intArray(unseen)})`,
    );
    for (const r of rows) {
      const seed: TicketSeed = {
        channel: r.channel,
        categoryId: r.category_id === null ? null : Number(r.category_id),
      };
      state.ticketSeeds.set(Number(r.id), seed);
    }
  }
  if (dispatchIds.length) {
    const rows = await queryRows<{
      id: number;
      ticket_id: number;
      unit_id: number;
      role: string;
      sign_due: string | null;
      handle_due: string | null;
    }>(
      tx,
      sql`select id, ticket_id, unit_id, role::text as role,
            (extract(epoch from sign_due_at) * 1000)::bigint as sign_due,
            (extract(epoch from handle_due_at) * 1000)::bigint as handle_due
          from dispatches where id = any(${intArray(dispatchIds)})`,
    );
    for (const r of rows) {
      const seed: DispatchSeed = {
        ticketId: Number(r.ticket_id),
        unitId: Number(r.unit_id),
        role: r.role,
        signDueAt: r.sign_due === null ? null : Number(r.sign_due),
        handleDueAt: r.handle_due === null ? null : Number(r.handle_due),
      };
      state.dispatchSeeds.set(Number(r.id), seed);
    }
  }
}

export async function saveFacts(tx: Executor, state: FoldState): Promise<void> {
  if (state.dirtyTickets.size) {
    const rows = [...state.dirtyTickets].map((id) => ({ id, f: state.tickets.get(id) }));
    await tx.execute(sql`insert into kpi_ticket_facts (ticket_id, facts)
      select (x->>'id')::int, x->'f' from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) x
      on conflict (ticket_id) do update set facts = excluded.facts`);
  }
  if (state.dirtyDispatches.size) {
    const rows = [...state.dirtyDispatches].map((id) => ({ id, f: state.dispatches.get(id) }));
    await tx.execute(sql`insert into kpi_dispatch_facts (dispatch_id, facts)
      select (x->>'id')::int, x->'f' from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) x
      on conflict (dispatch_id) do update set facts = excluded.facts`);
  }
}
