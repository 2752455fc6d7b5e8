import { and, count, eq, lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/rows.ts';
import { dispatches, routingFeedback, tickets } from '../db/schema/index.ts';
import { seedCalendars } from '../db/seed/calendars.ts';
import { seedDemoTickets } from '../db/seed/demoTickets.ts';
import { seedDispatchDemo } from '../db/seed/dispatch.ts';
import { type ReferenceIds, seedReference } from '../db/seed/reference.ts';
import { seedWindowDemo } from '../db/seed/window.ts';
import { suggestFor } from '../services/routing/suggest.ts';
import { routedTickets, trainRouting } from '../services/routing/train.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

/**
 * The demo city with its month of tickets moved through the real dispatch services: every state the
 * consoles show is there, and the routing model, trained on part of the routed history, suggests the
 * right unit for the rest.
 */
let h: Harness;
let byTarget: Record<string, number>;
let ref: ReferenceIds;

beforeAll(async () => {
  // A Monday morning in November 2026, Asia/Shanghai working hours.
  h = await createHarness({ now: '2026-11-23T02:00:00Z' });
  ref = await seedReference(h.deps.db, 'demo12345');
  await seedCalendars(h.deps, ref);
  await seedDemoTickets(h.deps.db, ref, h.clock.now(), 100);
  ({ byTarget } = await seedDispatchDemo(h.deps, ref));
}, 180_000);
afterAll(() => h.close());

describe('demo seed through the real services', () => {
  it('leaves dispatches in every state the consoles show', async () => {
    const rows = await h.deps.db
      .select({ status: dispatches.status, n: count() })
      .from(dispatches)
      .groupBy(dispatches.status);
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    for (const s of ['dispatched', 'handling', 'return_requested', 'returned', 'replied', 'accepted']) {
      expect(by[s] ?? 0, `dispatches in ${s}`).toBeGreaterThan(0);
    }
    const now = h.clock.now();
    const [overdue] = await h.deps.db
      .select({ n: count() })
      .from(dispatches)
      .where(and(eq(dispatches.status, 'handling'), lt(dispatches.handleDueAt, now)));
    expect(overdue?.n ?? 0).toBeGreaterThan(0);
    const [ext] = await h.deps.db
      .select({ n: count() })
      .from(dispatches)
      .where(eq(dispatches.extensionStatus, 'requested'));
    expect(ext?.n ?? 0).toBeGreaterThan(0);
    const [deemed] = await h.deps.db.select({ n: count() }).from(dispatches).where(eq(dispatches.deemedSigned, true));
    expect(deemed?.n ?? 0).toBeGreaterThan(0);
    const ticketRows = await h.deps.db
      .select({ status: tickets.status, n: count() })
      .from(tickets)
      .groupBy(tickets.status);
    const ts = Object.fromEntries(ticketRows.map((r) => [r.status, r.n]));
    expect(ts.revisit ?? 0).toBeGreaterThan(0);
    expect(ts.registered ?? 0).toBeGreaterThan(0);
    console.info('demo dispatch targets', byTarget, 'ticket statuses', ts);
  });

  it('shows the work queues with counts to each role', async () => {
    const unitToken = await h.login('cgj');
    const res = await h.request('GET', '/api/dispatch-queues', { token: unitToken });
    expect(res.status).toBe(200);
    const queues = (await res.json()) as Array<{ queue: string; count: number }>;
    expect(queues.map((q) => q.queue)).toEqual(['to_sign', 'to_handle', 'due_soon', 'overdue', 'open']);
    const disp = await h.login('dispatcher1');
    const centre = (await (await h.request('GET', '/api/dispatch-queues', { token: disp })).json()) as Array<{
      queue: string;
      count: number;
    }>;
    const c = Object.fromEntries(centre.map((q) => [q.queue, q.count]));
    expect(c.returns).toBeGreaterThan(0);
    expect(c.extensions).toBeGreaterThan(0);
    expect(c.replies).toBeGreaterThan(0);
    expect(c.overdue).toBeGreaterThan(0);
    // Every badge agrees with its list (the badges are one filtered count, the lists one query each).
    for (const [token, qs] of [
      [disp, centre],
      [unitToken, queues],
    ] as const) {
      for (const q of qs) {
        const list = await h.request('GET', `/api/dispatches?queue=${q.queue}`, { token });
        expect([q.queue, list.headers.get('x-total-count')]).toEqual([q.queue, String(q.count)]);
      }
    }
  });
});

describe('window reports in the demo', () => {
  it("fills the clerk's list and the centre's review queue through the real service", async () => {
    await seedWindowDemo(h.deps, ref);
    const clerk = await h.login('clerk1');
    const mine = await h.request('GET', '/api/intake/window-reports?_end=50', { token: clerk });
    expect(mine.status).toBe(200);
    const reports = (await mine.json()) as Array<{ ticketId: number; reviewStatus: string; anonymous: boolean }>;
    expect(reports).toHaveLength(5);
    expect(reports.filter((r) => r.reviewStatus === 'reviewed')).toHaveLength(2);
    expect(reports.some((r) => r.anonymous)).toBe(true);
    const disp = await h.login('dispatcher1');
    const pending = await h.request('GET', '/api/intake/window-reports?reviewStatus=pending', { token: disp });
    expect(pending.headers.get('x-total-count')).toBe('3');
    // Each is a window-channel ticket flagged for review, its history showing the centre's decision.
    const reviewed = reports.find((r) => r.reviewStatus === 'reviewed');
    const t = await (await h.request('GET', `/api/tickets/${reviewed?.ticketId}`, { token: disp })).json();
    expect(t).toMatchObject({ channel: 'window', type: 'complaint' });
    const events = await (await h.request('GET', `/api/tickets/${reviewed?.ticketId}/events`, { token: disp })).json();
    expect(events.map((e: { action: string }) => e.action)).toContain('ticket.window_reviewed');
  });
});

describe('ticket list by unit', () => {
  it("finds the tickets dispatched to a unit's subtree, with and without a creation-date bound", async () => {
    const disp = await h.login('dispatcher1');
    const busiest = await queryRows<{ unit_id: number }>(
      h.deps.db,
      sql`select unit_id from dispatches group by unit_id order by count(*) desc limit 1`,
    );
    const unitId = Number(busiest[0]?.unit_id);
    const created = await h.deps.db.select({ at: tickets.createdAt }).from(tickets).orderBy(tickets.createdAt);
    const from = created[Math.floor(created.length / 2)]?.at ?? new Date();
    const expected = async (since: Date | null) => {
      const [row] = await queryRows<{ n: string }>(
        h.deps.db,
        sql`
        select count(distinct d.ticket_id) as n from dispatches d join tickets t on t.id = d.ticket_id
        where d.unit_id in (select id from units where path like (select path from units where id = ${unitId}) || '%')
          and t.created_at >= ${(since ?? new Date(0)).toISOString()}`,
      );
      return String(row?.n);
    };
    const all = await h.request('GET', `/api/tickets?unitId=${unitId}&_end=1`, { token: disp });
    const bounded = await h.request('GET', `/api/tickets?unitId=${unitId}&from=${from.toISOString()}&_end=1`, {
      token: disp,
    });
    expect(all.headers.get('x-total-count')).toBe(await expected(null));
    expect(bounded.headers.get('x-total-count')).toBe(await expected(from));
    expect(Number(bounded.headers.get('x-total-count'))).toBeLessThan(Number(all.headers.get('x-total-count')));
    expect(Number(bounded.headers.get('x-total-count'))).toBeGreaterThan(0);
  });
});

describe('suggestion accuracy on the demo data', () => {
  it('trains on 70% of the routed tickets and ranks the right unit first for most of the rest', async () => {
    const db = h.deps.db;
    // Every dispatch decision in the seed was recorded against the live suggestion.
    const [fb] = await db.select({ n: count() }).from(routingFeedback);
    expect(fb?.n ?? 0).toBeGreaterThan(50);

    const routed = await routedTickets(db);
    const ids = routed.map((r) => r.ticketId).sort((a, b) => a - b);
    // Deterministic split by id: every 10th ticket in positions 0–2 of each decade goes to test.
    const test = routed.filter((r) => ids.indexOf(r.ticketId) % 10 < 3);
    const train = routed.filter((r) => ids.indexOf(r.ticketId) % 10 >= 3);
    expect(test.length).toBeGreaterThan(20);

    const rows = await db
      .select({ id: tickets.id, title: tickets.title, content: tickets.content, address: tickets.address })
      .from(tickets);
    const text = new Map(rows.map((r) => [r.id, r]));
    const evaluate = async () => {
      let unitHit = 0;
      let catHit = 0;
      let top3 = 0;
      for (const ex of test) {
        const t = text.get(ex.ticketId);
        if (!t) continue;
        // Only what the citizen said: no category or district chosen by an agent.
        const { suggestions } = await suggestFor(
          db,
          { title: t.title, content: t.content, address: t.address },
          h.clock.now(),
          { limit: 3 },
        );
        if (suggestions[0]?.unitId === ex.unitId) unitHit++;
        if (suggestions[0]?.categoryId === ex.categoryId) catHit++;
        if (suggestions.some((s) => s.unitId === ex.unitId)) top3++;
      }
      return { unit: unitHit / test.length, category: catHit / test.length, unitTop3: top3 / test.length };
    };

    // Cold: the catalogue and category names only, nothing learned.
    await trainRouting(db, [], { reset: true });
    const cold = await evaluate();
    await trainRouting(db, train, { reset: true });
    const learned = await evaluate();
    console.info(
      `routing accuracy on ${test.length} held-out demo tickets (trained on ${train.length}): ` +
        `unit top-1 ${(learned.unit * 100).toFixed(1)}% (cold ${(cold.unit * 100).toFixed(1)}%), ` +
        `unit top-3 ${(learned.unitTop3 * 100).toFixed(1)}%, ` +
        `category top-1 ${(learned.category * 100).toFixed(1)}% (cold ${(cold.category * 100).toFixed(1)}%)`,
    );
    // Floors, not targets: held-out tickets whose wording never occurred in training are the misses.
    expect(learned.unit).toBeGreaterThanOrEqual(0.7);
    expect(learned.category).toBeGreaterThanOrEqual(0.6);
    expect(learned.unitTop3).toBeGreaterThanOrEqual(0.8);
    expect(learned.unit).toBeGreaterThan(cold.unit);
  });
});
