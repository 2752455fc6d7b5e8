/**
 * The operations measured on the generated history. Wherever the app has the query, the bench calls the
 * app's own code (ticket list filters, ticket select, KPI report) on a drizzle instance whose logger captures
 * the SQL, so the plans printed are the plans of the queries the app really sends.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { countTicketsCapped, ticketConditions, ticketPage } from '../../api/tickets/list.ts';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { ticketEvents, tickets, users } from '../../db/schema/index.ts';
import { tsQueryOf } from '../../domain/search.ts';
import type { TicketStatus } from '../../domain/vocabulary.ts';
import { listDispatchViews, queueCounts } from '../../services/dispatch/queries.ts';
import { kpiReport } from '../../services/kpi/report.ts';
import { loadVisibleTicket, type Viewer } from '../../services/ticketAccess.ts';
import { ISSUES, ROADS } from './words.ts';

export interface Captured {
  text: string;
  params: unknown[];
}

/** A drizzle Db over the bench's client whose logger records queries while `capturing` is on. */
export function capturingDb(client: postgres.Sql): { db: Db; capture<T>(fn: () => Promise<T>): Promise<Captured[]> } {
  let sink: Captured[] | null = null;
  const db = drizzle(client, {
    schema,
    casing: 'snake_case',
    logger: {
      logQuery(text: string, params: unknown[]) {
        sink?.push({ text, params });
      },
    },
  }) as unknown as Db;
  return {
    db,
    async capture(fn) {
      sink = [];
      try {
        await fn();
        return sink;
      } finally {
        sink = null;
      }
    },
  };
}

export interface Operation {
  name: string;
  label: string;
  targetMs: number;
  run(k: number): Promise<unknown>;
  /** What the runs found (e.g. search hits), printed with the figure so an empty result cannot pass as fast. */
  note?(): Promise<string>;
}

/** Total counts (the second result of a [rows, count] pair) of the first runs. */
async function totals(run: (k: number) => Promise<unknown>, runs = 5): Promise<string> {
  const out: number[] = [];
  for (let k = 0; k < runs; k++) {
    const r = (await run(k)) as [unknown[], number];
    out.push(Number(r[1] ?? 0));
  }
  return `matches per run: ${out.join(', ')}`;
}

export interface Shape {
  /** Busiest units first: the worst queues. */
  busyUnits: Array<{ id: number; path: string }>;
  allUnits: number[];
  maxTicketId: number;
  nowMs: number;
  /** [from, to) local dates of the month the report covers. */
  month: { from: string; to: string };
}

const DISPATCHER: Viewer = { id: 0, role: 'dispatcher', unitId: null, unitPath: null };
const LIST_STATUSES: TicketStatus[] = ['handling', 'replied', 'revisit', 'closed'];

/** Deterministic pseudo-random pick so runs are comparable between sizes and runs. */
function pick<T>(xs: readonly T[], k: number, salt: number): T {
  const v = xs[Math.abs((k * 2654435761 + salt * 40503) % xs.length)];
  if (v === undefined) throw new Error('empty choice');
  return v;
}

export function operations(db: Db, shape: Shape): Operation[] {
  const day = 86_400_000;
  return [
    {
      name: 'queue',
      label: "unit's work queue: badge counts + first page of 办理中 by due time (services/dispatch/queries)",
      targetMs: 50,
      run: (k) => {
        const unit = pick(shape.busyUnits, k, 1);
        const viewer: Viewer = { id: 0, role: 'unit_staff', unitId: unit.id, unitPath: unit.path };
        const now = new Date(shape.nowMs);
        return Promise.all([
          queueCounts(db, viewer, now),
          listDispatchViews(
            db,
            viewer,
            { queue: 'to_handle' },
            { sort: 'handleDueAt', order: 'asc', start: 0, end: 25 },
            now,
          ),
        ]);
      },
    },
    {
      name: 'list',
      label: 'ticket list: status + unit (subtree) + one day, 25 + count (GET /api/tickets)',
      targetMs: 50,
      run: (k) => {
        const from = new Date(shape.nowMs - (1 + (k % 30)) * day);
        const where = ticketConditions(
          {
            status: [pick(LIST_STATUSES, k, 2)],
            unitId: pick(shape.allUnits, k, 3),
            from,
            to: new Date(from.getTime() + day),
          },
          DISPATCHER,
          new Date(shape.nowMs),
        );
        return Promise.all([
          ticketPage(db, where, { sort: 'id', order: 'desc' }, 0, 25),
          countTicketsCapped(db, where),
        ]);
      },
      note() {
        return totals((k) => this.run(k));
      },
    },
    {
      name: 'search',
      label: 'Chinese full-text search: place + matter, 25 + count (GET /api/tickets?q=)',
      targetMs: 300,
      run: (k) => {
        const q = `${pick(ROADS, k, 4)} ${pick(ISSUES, k, 5)}`;
        if (!tsQueryOf(q)) throw new Error(`nothing searchable in ${q}`);
        const where = ticketConditions({ q }, DISPATCHER, new Date(shape.nowMs));
        return Promise.all([
          ticketPage(db, where, { sort: 'id', order: 'desc' }, 0, 25),
          countTicketsCapped(db, where),
        ]);
      },
      note() {
        return totals((k) => this.run(k));
      },
    },
    {
      name: 'timeline',
      label: "a ticket's timeline (GET /api/tickets/{id} + /events)",
      targetMs: 50,
      run: async (k) => {
        const id = 1 + Math.abs((k * 2654435761) % shape.maxTicketId);
        await loadVisibleTicket(db, DISPATCHER, id);
        return db
          .select({
            id: ticketEvents.id,
            at: ticketEvents.at,
            action: ticketEvents.action,
            actorName: users.displayName,
            payload: ticketEvents.payload,
          })
          .from(ticketEvents)
          .leftJoin(users, eq(users.id, ticketEvents.actorId))
          .where(eq(ticketEvents.ticketId, id))
          .orderBy(asc(ticketEvents.id));
      },
    },
    {
      name: 'report',
      label: `monthly KPI report by unit, ${shape.month.from}..${shape.month.to} (services/kpi kpiReport on rollups)`,
      targetMs: 200,
      run: (k) =>
        kpiReport(db, {
          from: shape.month.from,
          to: shape.month.to,
          groupBy: k % 2 === 0 ? ['unit'] : ['category'],
        }),
    },
  ];
}

/** Raw baselines from the same run: a round trip, and a primary-key read of one ticket. */
export function baselines(db: Db, shape: Shape): Operation[] {
  return [
    { name: 'select1', label: 'baseline: select 1 round trip', targetMs: 0, run: () => db.execute(sql`select 1`) },
    {
      name: 'pk',
      label: 'baseline: one ticket by primary key',
      targetMs: 0,
      run: (k) =>
        db
          .select()
          .from(tickets)
          .where(eq(tickets.id, 1 + Math.abs((k * 2654435761) % shape.maxTicketId))),
    },
  ];
}

/** The naive monthly report straight off the event log, for comparison with the rollups. */
export function rawEventReport(db: Db, shape: Shape): Operation {
  return {
    name: 'report_raw',
    label: 'for comparison: the same month as GROUP BY over ticket_events (no rollups)',
    targetMs: 0,
    run: () =>
      db.execute(sql`select unit_id, action, count(*) from ticket_events
        where at >= ${shape.month.from}::date and at < ${shape.month.to}::date group by 1, 2`),
  };
}
