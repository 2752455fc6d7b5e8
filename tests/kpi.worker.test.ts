import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents } from '../db/schema/index.ts';
import { kpiStatus } from '../services/kpi/maintain.ts';
import { startKpi } from '../workers/kpi/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('kpi worker feature', () => {
  it('folds new events on its schedule until the lag is zero, and stops cleanly', async () => {
    const stop = await startKpi(h.deps, { foldEveryMs: 200, budgetMs: 1000, callsEveryMs: 0 });
    try {
      await h.deps.db.insert(ticketEvents).values(
        Array.from({ length: 30 }, (_, i) => ({
          ticketId: 1000 + i,
          action: 'ticket.created' as const,
          at: new Date('2026-11-20T02:00:00Z'),
          payload: { channel: 'web' },
        })),
      );
      let lag = -1;
      for (let i = 0; i < 50 && lag !== 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        lag = (await kpiStatus(h.deps.db)).lag;
      }
      expect(lag).toBe(0);
      expect((await kpiStatus(h.deps.db)).eventsFolded).toBe(30);
      const schedulers = await h.deps.queues.queue('kpi').getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('kpi-fold');
    } finally {
      await stop();
    }
  });

  it('documents the KPI routes in the OpenAPI description', async () => {
    const res = await h.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    for (const path of ['/api/kpi/report', '/api/kpi/periods', '/api/public/kpi', '/api/exports/tickets.xlsx']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
