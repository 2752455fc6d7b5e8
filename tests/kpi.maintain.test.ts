import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/rows.ts';
import { ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { type Counter, EVENT_COUNTERS, zeroCounters } from '../domain/kpi/counters.ts';
import { syncCallDays } from '../services/kpi/calls.ts';
import { catchUp, foldBatch, kpiStatus, rebuildKpis } from '../services/kpi/maintain.ts';
import { kpiReport } from '../services/kpi/report.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';
import { dumpRollups, insertFixtureEvents, insertFixtureRows } from './kpiDb.ts';
import { EXPECTED_BY_UNIT, EXPECTED_RATES, EXPECTED_TOTAL, type FixtureIds } from './kpiFixture.ts';

let h: Harness;
let ref: ReferenceIds;
let ids: FixtureIds;
let eventCount = 0;

beforeAll(async () => {
  h = await createHarness();
  ref = await seedCity(h);
  ids = await insertFixtureRows(h.deps.db, ref);
  eventCount = await insertFixtureEvents(h.deps.db, ids);
});
afterAll(() => h.close());

const want = (e: Partial<Record<Counter, number>>) => {
  const z = zeroCounters();
  for (const c of EVENT_COUNTERS) z[c] = e[c] ?? 0;
  return Object.fromEntries(EVENT_COUNTERS.map((c) => [c, z[c]]));
};
const pick = (c: Record<Counter, number>) => Object.fromEntries(EVENT_COUNTERS.map((n) => [n, c[n]]));

describe('incremental maintenance', () => {
  it('folds the event log into rollups that give the hand-computed numbers', async () => {
    const r = await catchUp(h.deps.db, { batchSize: 7 });
    expect(r.folded).toBe(eventCount);
    expect(r.caughtUp).toBe(true);
    const report = await kpiReport(h.deps.db, { from: '2026-11-01', to: '2026-12-01' });
    expect(report.source).toBe('kpi_month_cubes:m');
    expect(pick(report.total.counters)).toEqual(want(EXPECTED_TOTAL));
    for (const [code, v] of Object.entries(EXPECTED_RATES)) {
      expect(report.total.kpis[code as keyof typeof report.total.kpis].value, code).toBeCloseTo(v, 12);
    }
    const status = await kpiStatus(h.deps.db);
    expect(status.lag).toBe(0);
    expect(status.eventsFolded).toBe(eventCount);
  });

  it('reports a unit with its children (street A under its district) and each unit alone', async () => {
    const month = { from: '2026-11-01', to: '2026-12-01' };
    const district = must(ref.unitByCode.get('CD'));
    const a = await kpiReport(h.deps.db, { ...month, unitId: district });
    expect(pick(a.total.counters)).toEqual(want(EXPECTED_BY_UNIT.A));
    const byUnit = await kpiReport(h.deps.db, { ...month, groupBy: ['unit'] });
    const row = (id: number) => byUnit.rows.find((r) => r.keys[0]?.key === String(id));
    expect(pick(must(row(district)).counters)).toEqual(want(EXPECTED_BY_UNIT.A));
    expect(pick(must(row(ids.units.B)).counters)).toEqual(want(EXPECTED_BY_UNIT.B));
    expect(pick(must(row(ids.units.C)).counters)).toEqual(want(EXPECTED_BY_UNIT.C));
    expect(pick(must(byUnit.rows.find((r) => r.keys[0]?.key === '0')).counters)).toEqual(want(EXPECTED_BY_UNIT.none));
    // a part of a month reads the daily rollup and gives the same total when it covers every event
    const daily = await kpiReport(h.deps.db, { from: '2026-11-02', to: '2026-11-29' });
    expect(daily.source).toBe('kpi_cubes:d');
    expect(pick(daily.total.counters)).toEqual(want(EXPECTED_TOTAL));
  });

  it('groups by category, channel and week, two dimensions at once', async () => {
    const month = { from: '2026-11-01', to: '2026-12-01' };
    const byChannel = await kpiReport(h.deps.db, { ...month, groupBy: ['channel'] });
    expect(byChannel.rows.map((r) => [r.keys[0]?.key, r.counters.created])).toEqual([
      ['phone', 3],
      ['sms', 1],
      ['web', 1],
    ]);
    const weekly = await kpiReport(h.deps.db, { ...month, groupBy: ['week'] });
    expect(weekly.source).toBe('kpi_cubes:d');
    expect(weekly.rows.map((r) => r.keys[0]?.key)).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    const cross = await kpiReport(h.deps.db, { ...month, groupBy: ['unit', 'channel'] });
    const sum = cross.rows.reduce((s, r) => s + r.counters.dispatches, 0);
    expect(sum).toBe(7);
    expect(cross.rows.every((r) => r.keys.length === 2)).toBe(true);
    const cat = await kpiReport(h.deps.db, { ...month, categoryId: ids.cats.X });
    expect(cat.total.counters.created).toBe(2);
  });

  it('every coarser rollup (cube) gives what the full grain gives, for each report shape', async () => {
    const shapes: Array<Partial<Parameters<typeof kpiReport>[1]>> = [
      {},
      { groupBy: ['unit'] },
      { groupBy: ['category'] },
      { groupBy: ['channel'] },
      { groupBy: ['unit', 'category'] },
      { groupBy: ['unit', 'channel'] },
      { groupBy: ['category', 'month'] },
      { groupBy: ['week'] },
      { groupBy: ['day'], unitId: ids.units.B },
      { groupBy: ['unit'], categoryId: ids.cats.Y },
      { groupBy: ['category'], channels: ['phone'] },
      { unitId: must(ref.unitByCode.get('CD')), channels: ['phone', 'web'] },
    ];
    for (const range of [
      { from: '2026-11-01', to: '2026-12-01' },
      { from: '2026-11-03', to: '2026-11-21' },
    ]) {
      for (const shape of shapes) {
        const auto = await kpiReport(h.deps.db, { ...range, ...shape });
        const full = await kpiReport(h.deps.db, { ...range, ...shape, source: 'full' });
        expect({ ...auto, source: '' }, `${JSON.stringify(shape)} ${range.from}`).toEqual({ ...full, source: '' });
      }
    }
  });

  it('a full rebuild from the event log gives exactly the same rollups and facts', async () => {
    const incremental = await dumpRollups(h.deps.db);
    const r = await rebuildKpis(h.deps.db, { batchSize: 1000 });
    expect(r.folded).toBe(eventCount);
    expect(await dumpRollups(h.deps.db)).toEqual(incremental);
    await rebuildKpis(h.deps.db, { batchSize: 5 });
    expect(await dumpRollups(h.deps.db)).toEqual(incremental);
  });

  it('counts nothing twice when a batch fails half-way (the watermark moves with the counters)', async () => {
    const before = await dumpRollups(h.deps.db);
    const extra = await insertFixtureEvents(h.deps.db, ids, 0, 4); // T1 again + T2 created: 4 more events
    await h.deps.db.execute(sql`create or replace function kpi_test_boom() returns trigger language plpgsql as
      $$ begin raise exception 'boom'; end $$`);
    await h.deps.db.execute(
      sql`create trigger kpi_test_boom before insert on kpi_monthly for each row execute function kpi_test_boom()`,
    );
    await expect(foldBatch(h.deps.db)).rejects.toThrow();
    expect(await dumpRollups(h.deps.db)).toEqual(before);
    await h.deps.db.execute(sql`drop trigger kpi_test_boom on kpi_monthly`);
    const r = await catchUp(h.deps.db);
    expect(r.folded).toBe(extra);
    const report = await kpiReport(h.deps.db, { from: '2026-11-01', to: '2026-12-01' });
    expect(report.total.counters.created).toBe(7);
    // …and the T1 repeat was a second direct answer for the same ticket: not counted again
    expect(report.total.counters.directAnswered).toBe(1);
  });

  it('two workers at once never double count (the second skips the locked cursor)', async () => {
    await insertFixtureEvents(h.deps.db, ids, 0, 1);
    const [x, y] = await Promise.all([catchUp(h.deps.db, { batchSize: 1 }), catchUp(h.deps.db, { batchSize: 1 })]);
    expect(x.folded + y.folded).toBe(1);
    const report = await kpiReport(h.deps.db, { from: '2026-11-01', to: '2026-12-01' });
    expect(report.total.counters.created).toBe(8);
  });
});

describe('event id gaps', () => {
  const insertEvent = (db: postgres.Sql | postgres.TransactionSql, ticketId: number) =>
    db`insert into ticket_events (ticket_id, action, at, actor_kind, payload)
       values (${ticketId}, 'ticket.created', ${new Date('2026-11-10T02:00:00Z')}, 'system', ${db.json({ channel: 'web' })})
       returning id`;

  it('waits for a transaction still in flight and counts its event once it commits', async () => {
    await catchUp(h.deps.db);
    const other = postgres(h.databaseUrl, { max: 2, onnotice: () => {} });
    try {
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let inserted: () => void = () => {};
      const insertedP = new Promise<void>((r) => {
        inserted = r;
      });
      const slow = other.begin(async (tx) => {
        await insertEvent(tx, ids.tickets.T2); // takes id n, not visible yet
        inserted();
        await gate;
      });
      await insertedP;
      await insertEvent(other, ids.tickets.T2); // id n+1, committed
      const first = await foldBatch(h.deps.db, { holeGraceMs: 0 });
      expect(first.waitingOnGap).toBe(true);
      expect(first.folded).toBe(0);
      // still in flight after the grace: the gap holds
      const second = await foldBatch(h.deps.db, { holeGraceMs: 0 });
      expect(second.folded).toBe(0);
      release();
      await slow;
      const third = await catchUp(h.deps.db, { holeGraceMs: 0 });
      expect(third.folded).toBe(2);
      const report = await kpiReport(h.deps.db, { from: '2026-11-01', to: '2026-12-01' });
      expect(report.total.counters.created).toBe(10);
    } finally {
      await other.end();
    }
  });

  it('skips a gap left by a rolled-back transaction once every older writer has ended', async () => {
    const other = postgres(h.databaseUrl, { max: 2, onnotice: () => {} });
    try {
      await other
        .begin(async (tx) => {
          await insertEvent(tx, ids.tickets.T2);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await insertEvent(other, ids.tickets.T2);
      const first = await foldBatch(h.deps.db, { holeGraceMs: 0 });
      expect(first.waitingOnGap).toBe(true);
      // Settles as soon as the transactions in flight when the gap was seen have ended. The server is
      // shared with other test files, whose open transactions may hold it: then maxGapWaitMs settles it.
      let folded = 0;
      for (let i = 0; i < 40 && folded === 0; i++) {
        folded = (await catchUp(h.deps.db, { holeGraceMs: 0, maxGapWaitMs: 3000 })).folded;
        if (folded === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(folded).toBe(1);
      expect((await kpiStatus(h.deps.db)).waitingOnGap).toBeNull();
    } finally {
      await other.end();
    }
  });

  it('rebuilds across old gaps without waiting on them', async () => {
    const before = await dumpRollups(h.deps.db);
    const r = await rebuildKpis(h.deps.db);
    expect(r.caughtUp).toBe(true);
    expect(await dumpRollups(h.deps.db)).toEqual(before);
  });
});

describe('call counters', () => {
  it('recomputes answer and timely-answer counts per local day from the call records', async () => {
    const day = new Date('2026-11-09T01:00:00Z'); // 09:00 in Shanghai
    const call = (i: number, status: string, wait: number | null, answered: boolean, offset = 0) =>
      sql`(${`c${i}`}, 'in', '13800000000', ${status}, ${new Date(day.getTime() + offset).toISOString()}::timestamptz,
        ${answered ? new Date(day.getTime() + offset + (wait ?? 0) * 1000).toISOString() : null}::timestamptz, ${wait})`;
    await h.deps.db.execute(sql`insert into calls (call_id, direction, from_number, status, offered_at, answered_at, wait_seconds)
      values ${sql.join(
        [
          call(1, 'completed', 5, true),
          call(2, 'completed', 15, true),
          call(3, 'answered', 40, true),
          call(4, 'missed', 30, false),
          call(5, 'ringing', null, false),
          // 23:30 UTC on the 9th is the 10th in Shanghai
          call(6, 'completed', 3, true, 22.5 * 3600_000),
        ],
        sql`, `,
      )}`);
    await h.deps.db.execute(
      sql`insert into calls (call_id, direction, from_number, status, offered_at) values ('o1', 'out', '1', 'unanswered', ${day.toISOString()}::timestamptz)`,
    );
    await syncCallDays(h.deps.db, { from: '2026-11-01', to: '2026-12-01' });
    const r = await kpiReport(h.deps.db, { from: '2026-11-09', to: '2026-11-10' });
    expect(r.total.counters).toMatchObject({
      callsOffered: 4,
      callsAnswered: 3,
      callsAnsweredTimely: 2,
      callsMissed: 1,
    });
    expect(r.total.kpis.answerRate.value).toBe(3 / 4);
    expect(r.total.kpis.timelyAnswerRate.value).toBe(2 / 3);
    const next = await kpiReport(h.deps.db, { from: '2026-11-10', to: '2026-11-11' });
    expect(next.total.counters.callsOffered).toBe(1);
    // calls have no unit: a unit report leaves them out rather than showing the city's answer rate
    const unit = await kpiReport(h.deps.db, { from: '2026-11-01', to: '2026-12-01', unitId: ids.units.B });
    expect(unit.total.counters.callsOffered).toBe(0);
    // recomputing is idempotent
    await syncCallDays(h.deps.db);
    const again = await kpiReport(h.deps.db, { from: '2026-11-09', to: '2026-11-10' });
    expect(again.total.counters.callsOffered).toBe(4);
  });
});

describe('status', () => {
  it('shows the lag between the log and the watermark', async () => {
    await h.deps.db
      .insert(ticketEvents)
      .values({ ticketId: ids.tickets.T1, action: 'ticket.note', actorKind: 'system' });
    expect((await kpiStatus(h.deps.db)).lag).toBe(1);
    await catchUp(h.deps.db);
    expect((await kpiStatus(h.deps.db)).lag).toBe(0);
    const [n] = await queryRows<{ n: string }>(h.deps.db, sql`select count(*)::text as n from kpi_ticket_facts`);
    expect(Number(n?.n)).toBe(5);
  });
});
