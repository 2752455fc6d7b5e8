import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { catchUp } from '../services/kpi/maintain.ts';
import { kpiProcessor } from '../workers/kpi/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';
import { insertFixtureEvents, insertFixtureRows } from './kpiDb.ts';
import { EXPECTED_BY_UNIT, EXPECTED_TOTAL, type FixtureIds, local } from './kpiFixture.ts';

let h: Harness;
let ref: ReferenceIds;
let ids: FixtureIds;
let supervisor: string;
let dispatcher: string;

beforeAll(async () => {
  h = await createHarness();
  ref = await seedCity(h);
  ids = await insertFixtureRows(h.deps.db, ref);
  await insertFixtureEvents(h.deps.db, ids);
  await catchUp(h.deps.db);
  supervisor = await h.login('supervisor1');
  dispatcher = await h.login('dispatcher1');
});
afterAll(() => h.close());

/** Moves the clock and logs in again (tokens live 12 hours). */
async function travel(iso: string) {
  h.clock.set(iso);
  supervisor = await h.login('supervisor1');
  dispatcher = await h.login('dispatcher1');
}

const get = async (path: string, token?: string) => {
  const res = await h.request('GET', path, { token });
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : null, res };
};

describe('reports', () => {
  it('gives the month by unit with the hand-computed numbers', async () => {
    const r = await get('/api/kpi/report?period=2026-11&groupBy=unit', supervisor);
    expect(r.status).toBe(200);
    expect(r.body.label).toBe('2026年11月');
    expect(r.body.total.counters.completed).toBe(EXPECTED_TOTAL.completed);
    expect(r.body.total.kpis.onTimeCompletionRate.value).toBeCloseTo(3 / 5, 12);
    const cgj = r.body.rows.find((x: { keys: Array<{ key: string }> }) => x.keys[0]?.key === String(ids.units.B));
    expect(cgj.keys[0].label).toBe('市城市管理局');
    expect(cgj.counters.returned).toBe(EXPECTED_BY_UNIT.B.returned);
  });

  it('names the bad field in a 400', async () => {
    for (const [q, field] of [
      ['period=2026-13', 'period'],
      ['groupBy=unit,nonsense', 'groupBy'],
      ['from=2026-11-05', 'to'],
      ['channel=fax', 'channel'],
    ]) {
      const r = await get(`/api/kpi/report?${q}`, supervisor);
      expect(r.status, q).toBe(400);
      expect(r.body.error.fields[0].path, q).toBe(field);
    }
  });

  it('holds unit staff to their own unit and its children', async () => {
    const cd = await h.login('cd'); // district CD; unit A is its street CD01
    const own = await get('/api/kpi/report?period=2026-11', cd);
    expect(own.status).toBe(200);
    expect(own.body.filters.unitId).toBe(must(ref.unitByCode.get('CD')));
    expect(own.body.total.counters.dispatches).toBe(EXPECTED_BY_UNIT.A.dispatches);
    const other = await get(`/api/kpi/report?period=2026-11&unitId=${ids.units.B}`, cd);
    expect(other.status).toBe(403);
    const clerk = await h.login('clerk1');
    expect((await get('/api/kpi/report', clerk)).status).toBe(403);
    expect((await get('/api/kpi/report')).status).toBe(401);
  });

  it('ranks units and lists the definitions with formulas', async () => {
    const r = await get('/api/kpi/rankings?period=2026-11&kpi=onTimeCompletionRate', dispatcher);
    expect(r.status).toBe(200);
    const order = r.body.entries.map((e: { id: number; rank: number | null }) => [e.id, e.rank]);
    // CGJ 1/1, district CD (street A) 2/3, ZJJ 0/1
    expect(order.slice(0, 3)).toEqual([
      [ids.units.B, 1],
      [must(ref.unitByCode.get('CD')), 2],
      [ids.units.C, 3],
    ]);
    const defs = await get('/api/kpi/definitions', dispatcher);
    expect(defs.body.find((d: { code: string }) => d.code === 'satisfactionRate').formula).toBe(
      '(满意 + 基本满意) ÷ 回访联系到',
    );
  });

  it('serves dashboard data: intake by channel today, backlog, satisfaction trend', async () => {
    await travel('2026-11-28T10:00:00Z');
    const r = await get('/api/kpi/dashboard?weeks=4', supervisor);
    expect(r.status).toBe(200);
    expect(r.body.today.date).toBe('2026-11-28');
    expect(r.body.today.intakeByChannel.map((x: { channel: string }) => x.channel)).toEqual([
      'phone',
      'sms',
      'web',
      'email',
      'window',
    ]);
    expect(r.body.satisfactionTrend).toHaveLength(4);
    const w46 = r.body.satisfactionTrend.find((w: { week: string }) => w.week === '2026-W47');
    expect(w46).toMatchObject({ reached: 1, satisfied: 0, rate: 0 }); // T3 dissatisfied on 11-20
    const w48 = r.body.satisfactionTrend.find((w: { week: string }) => w.week === '2026-W48');
    expect(w48).toMatchObject({ reached: 1, satisfied: 1, rate: 1 });
    await travel('2026-11-23T02:00:00Z');
  });
});

describe('publication', () => {
  let published: { id: number; figures: unknown; watermark: number };

  it('refuses a period that has not ended, and roles other than supervisors', async () => {
    const early = await h.request('POST', '/api/kpi/periods', {
      token: supervisor,
      body: { kind: 'month', key: '2026-11' },
    });
    expect(early.status).toBe(409);
    await travel('2026-12-02T01:00:00Z');
    const byDispatcher = await h.request('POST', '/api/kpi/periods', {
      token: dispatcher,
      body: { kind: 'month', key: '2026-11' },
    });
    expect(byDispatcher.status).toBe(403);
    const bad = await h.request('POST', '/api/kpi/periods', {
      token: supervisor,
      body: { kind: 'week', key: '2026-W48' },
    });
    expect(bad.status).toBe(400);
  });

  it('freezes a month: figures, rankings and the watermark', async () => {
    const res = await h.request('POST', '/api/kpi/periods', {
      token: supervisor,
      body: { kind: 'month', key: '2026-11' },
    });
    expect(res.status).toBe(201);
    published = await res.json();
    const f = published.figures as { total: { counters: Record<string, number> }; rankings: Record<string, unknown[]> };
    expect(f.total.counters.created).toBe(EXPECTED_TOTAL.created);
    expect(Object.keys(f.rankings)).toContain('satisfactionRate');
    const again = await h.request('POST', '/api/kpi/periods', {
      token: supervisor,
      body: { kind: 'month', key: '2026-11' },
    });
    expect(again.status).toBe(409);
    await expect(h.deps.db.execute(sql`update kpi_periods set figures = '{}'::jsonb`)).rejects.toThrow();
    await expect(h.deps.db.execute(sql`delete from kpi_periods`)).rejects.toThrow();
  });

  it('keeps published figures unchanged after late events, which go to the correction note', async () => {
    await h.deps.db.insert(ticketEvents).values([
      {
        ticketId: ids.tickets.T2,
        dispatchId: ids.dispatches.D21,
        unitId: ids.units.A,
        action: 'revisit.recorded',
        at: local('11-29T10:00'),
        actorKind: 'citizen',
        payload: { result: 'satisfied' },
      },
      { ticketId: ids.tickets.T1, action: 'ticket.created', at: local('11-30T23:59'), payload: { channel: 'phone' } },
      // December: the next period, not a correction
      { ticketId: ids.tickets.T1, action: 'ticket.created', at: local('12-01T00:00'), payload: { channel: 'phone' } },
    ]);
    await kpiProcessor(h.deps)({ name: 'fold' });
    const r = await get(`/api/kpi/periods/${published.id}`, supervisor);
    expect(r.status).toBe(200);
    expect(r.body.figures).toEqual(published.figures);
    expect(r.body.watermark).toBe(published.watermark);
    expect(r.body.corrections.total).toEqual({ created: 1, revisitReached: 1, revisitSatisfied: 1 });
    expect(r.body.corrections.lines).toContain('受理工单 +1（热线中心 +1）');
    expect(r.body.corrections.correctedKpis.satisfactionRate).toBeCloseTo(3 / 4, 12);
    // the live report does move: rollups follow the event log
    const live = await get('/api/kpi/report?period=2026-11', supervisor);
    expect(live.body.total.counters.created).toBe(6);
    const note = await h.request('POST', `/api/kpi/periods/${published.id}/notes`, {
      token: supervisor,
      body: { body: '11月29日一条回访记录补录。' },
    });
    expect(note.status).toBe(201);
    const after = await get(`/api/kpi/periods/${published.id}`, supervisor);
    expect(after.body.corrections.notes[0].body).toBe('11月29日一条回访记录补录。');
    expect(after.body.figures).toEqual(published.figures);
  });

  it('a full rebuild leaves published periods and their corrections as they were', async () => {
    const before = await get(`/api/kpi/periods/${published.id}`, supervisor);
    const admin = await h.login('admin');
    const queued = await h.request('POST', '/api/kpi/rebuild', { token: admin });
    expect(queued.status).toBe(202);
    expect((await h.request('POST', '/api/kpi/rebuild', { token: supervisor })).status).toBe(403);
    await kpiProcessor(h.deps)({ name: 'rebuild' });
    const after = await get(`/api/kpi/periods/${published.id}`, supervisor);
    expect(after.body).toEqual(before.body);
    const status = await get('/api/kpi/status', supervisor);
    expect(status.body.lag).toBe(0);
  });

  it('publishes to the public page without login, published periods only', async () => {
    const pub = await get('/api/public/kpi');
    expect(pub.status).toBe(200);
    expect(pub.body.periods.map((p: { key: string }) => p.key)).toEqual(['2026-11']);
    expect(pub.body.selected.figures).toEqual(published.figures);
    expect(pub.res.headers.get('cache-control')).toContain('max-age');
    const none = await get('/api/public/kpi?period=month:2026-10');
    expect(none.body.selected).toBeNull();
    const html = await h.request('GET', '/api/public/kpi.html');
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('2026年11月主要指标');
    expect(text).toContain('满意率');
    expect(text).toContain('更正说明');
    const bad = await get('/api/public/kpi?period=<script>');
    expect(bad.status).toBe(400);
  });

  it('writes the monthly bulletin from the frozen figures', async () => {
    const b = await get('/api/kpi/bulletin?month=2026-11', supervisor);
    expect(b.status).toBe(200);
    expect(b.body.status).toBe('published');
    const sat = b.body.headline.find((x: { code: string }) => x.code === 'satisfactionRate');
    expect(sat.value).toBeCloseTo(2 / 3, 12);
    expect(sat.previous).toBeNull(); // October had nothing
    expect(b.body.corrections.length).toBeGreaterThan(0);
    const page = await h.request('GET', '/api/kpi/bulletin?month=2026-11&format=html', { token: supervisor });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('12345热线2026年11月工作通报');
    const draft = await get('/api/kpi/bulletin?month=2026-12', supervisor);
    expect(draft.body.status).toBe('provisional');
  });
});

describe('exports', () => {
  beforeAll(async () => {
    const agent = await h.login('agent1');
    for (const [name, phone, confidential] of [
      ['王小明', '13807345678', true],
      ['李四', '13907341234', false],
    ] as const) {
      const res = await h.request('POST', '/api/tickets', {
        token: agent,
        body: {
          type: 'complaint',
          content: `=cmd|' /C calc'!A0 ${name}`,
          phone,
          name,
          confidential,
          address: '幸福路1号',
        },
      });
      expect(res.status).toBe(201);
    }
  });

  it('exports the ticket list as CSV with confidential citizens masked and formulas defused', async () => {
    const res = await h.request('GET', '/api/exports/tickets.csv?type=complaint', { token: supervisor });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads Chinese right
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('市民电话');
    const secret = must(lines.find((l) => l.includes('王**')));
    expect(secret).toContain('138****5678');
    expect(secret).not.toContain('13807345678');
    expect(secret).toContain('（保密）');
    const open = must(lines.find((l) => l.includes('李四')));
    expect(open).toContain('+8613907341234');
    expect(text).toContain(`'=cmd`);
  });

  it('applies the list filters and the unit scope', async () => {
    const res = await h.request('GET', '/api/exports/tickets.csv?filter={"confidential":true}', { token: supervisor });
    expect((await res.text()).trim().split('\r\n')).toHaveLength(2);
    const bad = await h.request('GET', '/api/exports/tickets.csv?status=nonsense', { token: supervisor });
    expect(bad.status).toBe(400);
    // a unit sees only tickets dispatched to it: CGJ has T4 and T5
    const cgj = await h.login('cgj');
    const unit = await h.request('GET', '/api/exports/tickets.csv', { token: cgj });
    expect((await unit.text()).trim().split('\r\n')).toHaveLength(3);
  });

  it('exports Excel files that open, with a header row', async () => {
    const res = await h.request('GET', '/api/exports/tickets.xlsx?type=complaint', { token: supervisor });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = must(wb.getWorksheet('工单'));
    expect(sheet.getRow(1).getCell(1).value).toBe('工单编号');
    const phones = [2, 3].map((r) => String(sheet.getRow(r).getCell(13).value));
    expect(phones).toContain('138****5678');

    const rep = await h.request('GET', '/api/exports/kpi-report.xlsx?period=2026-11&groupBy=unit', {
      token: supervisor,
    });
    expect(rep.status).toBe(200);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await rep.arrayBuffer());
    const ks = must(wb2.getWorksheet('KPI'));
    expect(String(ks.getRow(1).getCell(1).value)).toContain('2026年11月');
    expect(ks.getRow(2).getCell(1).value).toBe('单位');
    const csv = await h.request('GET', '/api/exports/kpi-report.csv?period=2026-11', { token: supervisor });
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('合计');
    expect(lines[1]).toContain('60.00%'); // on-time completion 3/5
  });
});
