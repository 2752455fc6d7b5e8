/** Writes the hand-built KPI fixture (tests/kpiFixture.ts) into a test database: tickets, dispatches, events. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { must } from './helpers/seed.ts';
import {
  type DispatchKey,
  FIXTURE_DISPATCHES,
  FIXTURE_TICKETS,
  type FixtureIds,
  fixtureRows,
  local,
  type TicketKey,
} from './kpiFixture.ts';

let seq = 0;

/** Inserts the fixture's tickets and dispatches (rows only) and returns the ids the events will use. */
export async function insertFixtureRows(db: Executor, ref: ReferenceIds, tag = 'F'): Promise<FixtureIds> {
  const leaves = [...ref.leafIds.values()];
  const units = {
    A: must(ref.unitByCode.get('CD01'), 'street CD01'), // a street under district CD
    B: must(ref.unitByCode.get('CGJ'), 'CGJ'),
    C: must(ref.unitByCode.get('ZJJ'), 'ZJJ'),
  };
  const cats = { X: must(leaves[0]), Y: must(leaves[1]) };
  const tickets = {} as Record<TicketKey, number>;
  for (const [key, t] of Object.entries(FIXTURE_TICKETS)) {
    seq += 1;
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`insert into tickets (ticket_no, channel, type, title, content, query_code, category_id, created_at)
          values (${`K${tag}${seq}`}, ${t.channel}, 'help', ${key}, ${key},
            'ABCDEF', ${t.cat ? cats[t.cat] : null}, ${local('11-01T08:00').toISOString()}::timestamptz)
          returning id`,
    );
    tickets[key as TicketKey] = Number(must(row).id);
  }
  const dispatches = {} as Record<DispatchKey, number>;
  for (const [key, d] of Object.entries(FIXTURE_DISPATCHES)) {
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`insert into dispatches (ticket_id, unit_id, role, handle_due_at)
          values (${tickets[d.t]}, ${units[d.unit]}, ${d.role}, ${d.handleDueAt ? local(d.handleDueAt).toISOString() : null}::timestamptz)
          returning id`,
    );
    dispatches[key as DispatchKey] = Number(must(row).id);
  }
  return { units, cats, tickets, dispatches };
}

/** Appends the fixture's events (optionally a slice of them) to ticket_events. */
export async function insertFixtureEvents(db: Executor, ids: FixtureIds, from = 0, to?: number): Promise<number> {
  const rows = fixtureRows(ids).slice(from, to);
  if (rows.length) await db.insert(ticketEvents).values(rows.map((r) => ({ ...r, actorKind: 'system' })));
  return rows.length;
}

/** A table's rows in a stable order, for equality checks between runs. */
export async function dumpTable(db: Executor, table: string, orderBy: string): Promise<unknown[]> {
  return queryRows(db, sql.raw(`select * from ${table} order by ${orderBy}`));
}

export async function dumpRollups(db: Executor) {
  return {
    daily: await dumpTable(db, 'kpi_daily', 'day, unit_id, category_id, channel'),
    monthly: await dumpTable(db, 'kpi_monthly', 'month, unit_id, category_id, channel'),
    cubes: await dumpTable(db, 'kpi_cubes', 'grain, day, unit_id, category_id, channel'),
    monthCubes: await dumpTable(db, 'kpi_month_cubes', 'grain, day, unit_id, category_id, channel'),
    tickets: await dumpTable(db, 'kpi_ticket_facts', 'ticket_id'),
    dispatches: await dumpTable(db, 'kpi_dispatch_facts', 'dispatch_id'),
    corrections: await dumpTable(db, 'kpi_corrections', 'period_id, unit_id, counter'),
  };
}
