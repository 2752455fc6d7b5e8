/**
 * Incremental maintenance of the KPI rollups from the event log.
 *
 * One batch = one transaction: lock the cursor row, read the events after the watermark, fold them
 * (domain/kpi/fold.ts), upsert facts, rollups and corrections, advance the watermark. A crash anywhere
 * rolls all of it back, so every event is counted exactly once; a second worker finds the cursor locked
 * and skips (SKIP LOCKED) instead of double counting.
 *
 * Event ids come from a sequence, and transactions commit out of id order: id 101 may be visible while
 * 100 is still in flight. The fold stops at such a gap and only passes it once every transaction that
 * was in flight when the gap was seen (pg_snapshot_xip) has ended; a gap that outlives them was a
 * rolled-back transaction and is skipped for good. A gap held longer than maxGapWaitMs (a transaction
 * left open for many minutes) is skipped too, so one stuck session cannot stop the KPIs.
 */
import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { aggregateDeltas, type PublishedWindow } from '../../domain/kpi/aggregate.ts';
import { dispatchIdOf, emptyFoldState, foldEvents, isFoldRelevant, type KpiEvent } from '../../domain/kpi/fold.ts';
import { loadFacts, saveFacts } from './facts.ts';
import { writeAggregated } from './rollups.ts';

export const CURSOR = 'events';
export const DEFAULT_BATCH = 5000;
/** During this long after first seeing a gap, keep refreshing its xmax (a writer may not hold its xid yet). */
export const DEFAULT_HOLE_GRACE_MS = 1000;
export const DEFAULT_MAX_GAP_WAIT_MS = 10 * 60_000;

export interface FoldOptions {
  batchSize?: number;
  holeGraceMs?: number;
  maxGapWaitMs?: number;
  /** Wait for the cursor lock instead of skipping when another worker holds it. */
  wait?: boolean;
}

export interface FoldResult {
  /** false when another worker held the cursor. */
  ran: boolean;
  folded: number;
  watermark: number;
  /** No more visible events after the watermark (or waiting on a gap). */
  caughtUp: boolean;
  /** Stopped at an id gap that may still fill. */
  waitingOnGap: boolean;
}

interface CursorRow {
  watermark: string | number;
  hole_start: string | number | null;
  hole_xmax: string | number | null;
  hole_age_ms: string | number | null;
  hole_xips: string | null;
  safe_upto: string | number;
}

interface EventRow {
  id: string | number;
  ticket_id: number;
  dispatch_id: number | null;
  unit_id: number | null;
  at_ms: string | number;
  action: string;
  to_status: string | null;
  payload: Record<string, unknown> | string;
}

const num = (v: string | number | null) => (v === null ? null : Number(v));

export async function ensureCursor(db: Executor): Promise<void> {
  await db.execute(sql`insert into kpi_cursor (name) values (${CURSOR}) on conflict (name) do nothing`);
}

async function lockCursor(tx: Executor, wait: boolean): Promise<CursorRow | undefined> {
  const [row] = await queryRows<CursorRow>(
    tx,
    sql`select watermark, hole_start, hole_xmax, hole_xips, safe_upto,
          (extract(epoch from clock_timestamp() - hole_seen_at) * 1000)::bigint as hole_age_ms
        from kpi_cursor where name = ${CURSOR}
        for update ${wait ? sql`` : sql`skip locked`}`,
  );
  return row;
}

/** Have all the transactions listed (comma-separated xid8) ended, committed or aborted? */
async function noneInFlight(tx: Executor, xips: string): Promise<boolean> {
  if (!xips) return true;
  const [r] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from unnest(string_to_array(${xips}, ',')::xid8[]) x
        where pg_xact_status(x) = 'in progress'`,
  );
  return Number(r?.n ?? 0) === 0;
}

async function publishedWindows(tx: Executor, fromDay: string): Promise<PublishedWindow[]> {
  const rows = await queryRows<{ id: number; from_day: string; to_day: string; watermark: string | number }>(
    tx,
    sql`select id, from_day::text as from_day, to_day::text as to_day, watermark
        from kpi_periods where to_day > ${fromDay}::date`,
  );
  return rows.map((r) => ({ id: Number(r.id), from: r.from_day, to: r.to_day, watermark: Number(r.watermark) }));
}

/** Folds one batch of events after the watermark, in its own transaction. */
export async function foldBatch(db: Db, opts: FoldOptions = {}): Promise<FoldResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const grace = opts.holeGraceMs ?? DEFAULT_HOLE_GRACE_MS;
  const maxWait = opts.maxGapWaitMs ?? DEFAULT_MAX_GAP_WAIT_MS;
  await ensureCursor(db);
  return db.transaction(async (tx) => {
    const cur = await lockCursor(tx, opts.wait ?? false);
    if (!cur) return { ran: false, folded: 0, watermark: 0, caughtUp: false, waitingOnGap: false };
    const watermark = Number(cur.watermark);
    const rows = await queryRows<EventRow>(
      tx,
      sql`select id, ticket_id, dispatch_id, unit_id, (extract(epoch from at) * 1000)::bigint as at_ms,
            action, to_status, payload
          from ticket_events where id > ${watermark} order by id limit ${batchSize}`,
    );
    // Taken after the read: every writer that could still fill a gap we saw is in flight now (or later).
    const [snap] = await queryRows<{ xmax: string; xips: string }>(
      tx,
      sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax,
                 coalesce((select string_agg(x::text, ',') from pg_snapshot_xip(pg_current_snapshot()) x), '') as xips`,
    );
    const xmax = Number(snap?.xmax ?? 0);
    const xips = snap?.xips ?? '';
    const holeAge = Number(cur.hole_age_ms ?? 0);

    const take: KpiEvent[] = [];
    let expected = watermark + 1;
    let gap: number | null = null;
    for (const r of rows) {
      const id = Number(r.id);
      if (id !== expected) {
        let settled = id - 1 <= Number(cur.safe_upto);
        if (!settled && num(cur.hole_start) === expected && holeAge >= grace) {
          settled = holeAge >= maxWait || (await noneInFlight(tx, cur.hole_xips ?? ''));
        }
        if (!settled) {
          gap = expected;
          break;
        }
      }
      take.push({
        id,
        ticketId: Number(r.ticket_id),
        dispatchId: num(r.dispatch_id),
        unitId: num(r.unit_id),
        at: Number(r.at_ms),
        action: r.action,
        toStatus: r.to_status,
        payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : (r.payload ?? {}),
      });
      expected = id + 1;
    }

    if (take.length) {
      const state = emptyFoldState();
      const relevant = take.filter((e) => isFoldRelevant(e.action));
      const ticketIds = [...new Set(relevant.map((e) => e.ticketId))];
      const dispatchIds = [
        ...new Set(relevant.map(dispatchIdOf).filter((id): id is number => id !== null && Number.isSafeInteger(id))),
      ];
      await loadFacts(tx, state, ticketIds, dispatchIds);
      const deltas = foldEvents(relevant, state);
      let minDay = '9999-12-31';
      for (const d of deltas) if (d.day < minDay) minDay = d.day;
      const published = deltas.length ? await publishedWindows(tx, minDay) : [];
      await saveFacts(tx, state);
      await writeAggregated(tx, aggregateDeltas(deltas, published));
    }
    const newWatermark = take.length ? (take[take.length - 1]?.id ?? watermark) : watermark;

    // Remember the gap we stopped at; while young, keep moving its xmax forward (see DEFAULT_HOLE_GRACE_MS).
    let holeSet = sql`hole_start = null, hole_xmax = null, hole_xips = null, hole_seen_at = null`;
    if (gap !== null) {
      if (num(cur.hole_start) !== gap) {
        holeSet = sql`hole_start = ${gap}, hole_xmax = ${xmax}, hole_xips = ${xips}, hole_seen_at = clock_timestamp()`;
      } else if (holeAge < grace) {
        holeSet = sql`hole_xmax = ${xmax}, hole_xips = ${xips}`;
      } else {
        holeSet = sql`hole_start = hole_start`;
      }
    }
    await tx.execute(sql`update kpi_cursor set watermark = ${newWatermark},
        events_folded = events_folded + ${take.length}, last_run_at = clock_timestamp(), ${holeSet}
      where name = ${CURSOR}`);
    return {
      ran: true,
      folded: take.length,
      watermark: newWatermark,
      caughtUp: gap !== null || rows.length < batchSize,
      waitingOnGap: gap !== null,
    };
  });
}

export interface CatchUpResult {
  folded: number;
  batches: number;
  watermark: number;
  caughtUp: boolean;
  ran: boolean;
}

/** Folds batches until caught up or the time budget is spent. */
export async function catchUp(db: Db, opts: FoldOptions & { maxMs?: number } = {}): Promise<CatchUpResult> {
  const started = Date.now();
  let folded = 0;
  let batches = 0;
  let watermark = 0;
  for (;;) {
    const r = await foldBatch(db, opts);
    if (!r.ran) return { folded, batches, watermark, caughtUp: false, ran: batches > 0 };
    folded += r.folded;
    batches += 1;
    watermark = r.watermark;
    if (r.caughtUp) return { folded, batches, watermark, caughtUp: true, ran: true };
    if (opts.maxMs !== undefined && Date.now() - started >= opts.maxMs) {
      return { folded, batches, watermark, caughtUp: false, ran: true };
    }
  }
}

/**
 * Full rebuild from the event log: empties rollups, facts and corrections and replays every event with the
 * same fold. Gaps below the old watermark are known to be permanent, so the replay does not wait on them.
 * Published periods are untouched; their correction notes come back identical because late events are
 * recognised by the watermark frozen with each period.
 */
export async function rebuildKpis(db: Db, opts: FoldOptions = {}): Promise<CatchUpResult> {
  await ensureCursor(db);
  await db.transaction(async (tx) => {
    await lockCursor(tx, true);
    await tx.execute(
      sql`truncate kpi_daily, kpi_monthly, kpi_cubes, kpi_month_cubes, kpi_ticket_facts, kpi_dispatch_facts, kpi_corrections`,
    );
    await tx.execute(sql`update kpi_cursor set safe_upto = greatest(safe_upto, watermark), watermark = 0,
        events_folded = 0, hole_start = null, hole_xmax = null, hole_xips = null, hole_seen_at = null, rebuilt_at = clock_timestamp()
      where name = ${CURSOR}`);
  });
  return catchUp(db, { ...opts, wait: true });
}

export interface KpiStatus {
  watermark: number;
  latestEventId: number;
  lag: number;
  eventsFolded: number;
  waitingOnGap: number | null;
  lastRunAt: string | null;
  rebuiltAt: string | null;
  callsSyncedAt: string | null;
}

export async function kpiStatus(db: Executor): Promise<KpiStatus> {
  const [r] = await queryRows<{
    watermark: string | null;
    latest: string | null;
    events_folded: string | null;
    hole_start: string | null;
    last_run_at: Date | string | null;
    rebuilt_at: Date | string | null;
    calls_synced_at: Date | string | null;
  }>(
    db,
    sql`select c.watermark, (select max(id) from ticket_events) as latest, c.events_folded, c.hole_start,
          c.last_run_at, c.rebuilt_at, c.calls_synced_at
        from (select 1) one left join kpi_cursor c on c.name = ${CURSOR}`,
  );
  const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);
  const watermark = Number(r?.watermark ?? 0);
  const latest = Number(r?.latest ?? 0);
  return {
    watermark,
    latestEventId: latest,
    lag: Math.max(0, latest - watermark),
    eventsFolded: Number(r?.events_folded ?? 0),
    waitingOnGap: r?.hole_start ? Number(r.hole_start) : null,
    lastRunAt: iso(r?.last_run_at),
    rebuiltAt: iso(r?.rebuilt_at),
    callsSyncedAt: iso(r?.calls_synced_at),
  };
}
