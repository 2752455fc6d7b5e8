import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../db/schema/index.ts';
import { seedCalendars } from '../db/seed/calendars.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { fromLocal } from '../domain/calendar/index.ts';
import { startClock } from '../services/sla/clocks.ts';
import { runRecompute } from '../services/sla/recompute.ts';
import { createTicket } from '../services/tickets.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let ref: ReferenceIds;
let admin: string;
let agent: string;

beforeAll(async () => {
  h = await createHarness({ now: '2026-11-23T02:00:00Z' });
  ref = await seedCity(h);
  await seedCalendars(h.deps, ref);
  admin = await h.login('admin');
  agent = await h.login('agent1');
});
afterAll(() => h.close());

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const deadline = (code: string, body: Record<string, unknown>, token = agent) =>
  h.request('POST', `/api/calendars/${code}/deadline`, { token, body }).then(json);

describe('deadline calculator', () => {
  it('counts 3 working days across National Day 2026 onto the make-up Saturday', async () => {
    const r = await deadline('default', { start: '2026-09-30T10:00:00+08:00', workingDays: 3 });
    expect(r.status).toBe(200);
    expect(r.body.deadline).toBe('2026-10-10T17:30:00+08:00');
    expect(r.body.calendar).toBe('default');
  });

  it('adds working hours across lunch and the night; reads offset-less starts as Beijing time', async () => {
    const r = await deadline('default', { start: '2026-11-23T16:45', hours: 2 });
    expect(r.body.deadline).toBe('2026-11-24T10:15:00+08:00');
    expect(r.body.workingMinutes).toBe(120);
    const m = await deadline('default', { start: '2026-11-23T11:50:00+08:00', minutes: 20 });
    expect(m.body.deadline).toBe('2026-11-23T13:40:00+08:00');
  });

  it('a 24x7 calendar counts through National Day; the street office works Saturday mornings', async () => {
    const r = await deadline('24x7', { start: '2026-10-01T10:00:00+08:00', hours: 24 });
    expect(r.body.deadline).toBe('2026-10-02T10:00:00+08:00');
    const s = await deadline('street-office', { start: '2026-11-27T16:00:00+08:00', hours: 4 });
    // Friday 16:00–17:30 (1.5 h), Saturday 09:00–11:30 (2.5 h).
    expect(s.body.deadline).toBe('2026-11-28T11:30:00+08:00');
  });

  it('answers bad input with 400 naming the field, unknown calendars with 404', async () => {
    const both = await deadline('default', { start: '2026-11-23T10:00:00+08:00', hours: 1, workingDays: 1 });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].path).toBe('workingDays');
    const bad = await deadline('default', { start: 'yesterday', hours: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('start');
    expect((await deadline('nope', { start: '2026-11-23T10:00:00+08:00', hours: 1 })).status).toBe(404);
    expect(
      (await h.request('POST', '/api/calendars/default/deadline', { body: { start: 'x', hours: 1 } })).status,
    ).toBe(401);
  });
});

describe('calendar administration', () => {
  it('lists and gets calendars by id or code', async () => {
    const list = await h.request('GET', '/api/calendars', { token: agent });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('3');
    const codes = (await list.json()).map((c: { code: string }) => c.code);
    expect(codes).toEqual(['default', '24x7', 'street-office']);
    const one = await json(await h.request('GET', '/api/calendars/street-office', { token: agent }));
    expect(one.body.weekly[6]).toEqual([{ start: '09:00', end: '11:30' }]);
    expect(one.body.unitIds.length).toBeGreaterThan(0);
    // react-admin PUTs the record back unchanged: nothing moves, no version bump, no recompute.
    const same = await json(await h.request('PUT', '/api/calendars/street-office', { token: admin, body: one.body }));
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(one.body.version);
    expect(same.body.recomputeRunId ?? null).toBeNull();
  });

  it('only admins write; bad weekly hours are a 400 naming the day and write nothing', async () => {
    const weekly = [[], [{ start: '09:00', end: '17:00' }], [], [], [], [], []];
    expect(
      (await h.request('POST', '/api/calendars', { token: agent, body: { code: 'x1', name: 'x', weekly } })).status,
    ).toBe(403);
    const bad = await json(
      await h.request('POST', '/api/calendars', {
        token: admin,
        body: { code: 'bad', name: '坏', weekly: [[], [{ start: '17:00', end: '09:00' }], [], [], [], [], []] },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('weekly.1');
    expect((await h.request('GET', '/api/calendars/bad', { token: admin })).status).toBe(404);
    const ok = await json(
      await h.request('POST', '/api/calendars', { token: admin, body: { code: 'night', name: '夜班', weekly } }),
    );
    expect(ok.status).toBe(201);
    const dup = await json(
      await h.request('POST', '/api/calendars', { token: admin, body: { code: 'night', name: '夜班', weekly } }),
    );
    expect(dup.status).toBe(409);
    expect((await h.request('DELETE', '/api/calendars/night', { token: admin })).status).toBe(200);
  });

  it('2027 has no package data: an administrator enters it, and it wins', async () => {
    const before = await json(await h.request('GET', '/api/calendars/default/days?year=2027', { token: agent }));
    expect(before.body.hasHolidayData).toBe(false);
    expect(before.body.days.find((d: { date: string }) => d.date === '2027-10-01').kind).toBe('workday');
    const days = [
      ...['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'].map(
        (date) => ({
          date,
          kind: 'holiday',
          name: '国庆节',
        }),
      ),
      { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
    ];
    const put = await json(
      await h.request('PUT', '/api/calendars/default/days/2027', { token: admin, body: { days, applyToAll: true } }),
    );
    expect(put.status).toBe(200);
    expect(put.body.calendars.length).toBe(2); // default + street-office; 24x7 ignores holidays
    const after = await json(await h.request('GET', '/api/calendars/default/days?year=2027', { token: agent }));
    expect(after.body.hasHolidayData).toBe(true);
    const byDate = new Map(after.body.days.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(byDate.get('2027-10-01')).toBe('holiday');
    expect(byDate.get('2027-10-09')).toBe('makeup_workday');
    const r = await deadline('default', { start: '2027-09-30T10:00:00+08:00', workingDays: 1 });
    expect(r.body.deadline).toBe('2027-10-08T17:30:00+08:00');
    const wrongYear = await h.request('PUT', '/api/calendars/default/days/2027', {
      token: admin,
      body: { days: [{ date: '2028-01-01', kind: 'holiday' }] },
    });
    expect(wrongYear.status).toBe(400);
  });

  it('changing a calendar recomputes the open deadlines on it, with progress and a reason', async () => {
    const { ticket } = await createTicket(
      h.deps.db,
      { channel: 'phone', type: 'help', content: '日历变更重算' },
      { id: null, kind: 'system' },
      h.clock.now(),
    );
    const unitId = must(ref.unitByCode.get('CGJ'));
    const clock = await h.deps.db.transaction((tx) =>
      startClock(tx, h.deps, {
        ticketId: ticket.id,
        unitId,
        kind: 'handle',
        startAt: fromLocal('2026-11-23', '10:00'),
      }),
    );
    expect(clock.dueAt.toISOString()).toBe(fromLocal('2026-11-30', '17:30').toISOString());
    const cal = await json(await h.request('GET', '/api/calendars/default', { token: admin }));
    const upd = await json(
      await h.request('PUT', '/api/calendars/default', {
        token: admin,
        body: { ...cal.body, days: [...cal.body.days, { date: '2026-11-26', kind: 'closure', name: '系统停机' }] },
      }),
    );
    expect(upd.status).toBe(200);
    const runId = upd.body.recomputeRunId;
    expect(runId).toBeGreaterThan(0);
    const pending = await json(await h.request('GET', `/api/sla/recomputes/${runId}`, { token: admin }));
    expect(pending.body.status).toBe('pending');
    expect(pending.body.total).toBe(1);
    await runRecompute(h.deps, runId);
    const done = await json(await h.request('GET', `/api/sla/recomputes/${runId}`, { token: admin }));
    expect(done.body).toMatchObject({ status: 'done', processed: 1, moved: 1, percent: 100 });
    const clocks = await json(await h.request('GET', `/api/tickets/${ticket.id}/clocks`, { token: agent }));
    expect(clocks.status).toBe(200);
    const handle = clocks.body[0];
    expect(handle.dueAt).toBe(fromLocal('2026-12-01', '17:30').toISOString());
    expect(handle.deadlines).toEqual([
      fromLocal('2026-11-30', '17:30').toISOString(),
      fromLocal('2026-12-01', '17:30').toISOString(),
    ]);
    expect(handle.segments.map((s: { kind: string }) => s.kind)).toEqual(['started', 'recomputed']);
    expect(handle.segments[1].reason).toContain('已修改');
    const events = await json(await h.request('GET', `/api/tickets/${ticket.id}/events`, { token: agent }));
    expect(events.body.map((e: { action: string }) => e.action)).toContain('sla.recomputed');
  });

  it('assigns units to a calendar and recomputes their open clocks', async () => {
    const unitId = must(ref.unitByCode.get('GX01'));
    const res = await json(
      await h.request('PUT', '/api/calendars/24x7/units', { token: admin, body: { unitIds: [unitId] } }),
    );
    expect(res.status).toBe(200);
    const [u] = await h.deps.db.select({ calendarId: units.calendarId }).from(units).where(eq(units.id, unitId));
    const cal = await json(await h.request('GET', '/api/calendars/24x7', { token: admin }));
    expect(u?.calendarId).toBe(cal.body.id);
    expect(cal.body.unitIds).toEqual([unitId]);
    const inUse = await h.request('DELETE', '/api/calendars/24x7', { token: admin });
    expect(inUse.status).toBe(409);
  });
});

describe('SLA policies', () => {
  it('CRUD with explicit order; duplicate positions are refused; edits queue a recompute', async () => {
    const list = await json(await h.request('GET', '/api/slaPolicies', { token: agent }));
    expect(list.status).toBe(200);
    const positions = list.body.map((p: { position: number }) => p.position);
    expect(positions).toEqual([...positions].sort((a: number, b: number) => a - b));
    const body = {
      name: '测试策略',
      position: 5,
      ticketType: 'praise',
      limits: { handle: { value: 2, unit: 'working_days' } },
    };
    expect((await h.request('POST', '/api/slaPolicies', { token: agent, body })).status).toBe(403);
    const created = await json(await h.request('POST', '/api/slaPolicies', { token: admin, body }));
    expect(created.status).toBe(201);
    expect(created.body.recomputeRunId).toBeGreaterThan(0);
    const dup = await json(
      await h.request('POST', '/api/slaPolicies', { token: admin, body: { ...body, name: '另一个' } }),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields[0].path).toBe('position');
    const badUnit = await json(
      await h.request('POST', '/api/slaPolicies', {
        token: admin,
        body: { ...body, position: 6, limits: { handle: { value: 1.5, unit: 'working_days' } } },
      }),
    );
    expect(badUnit.status).toBe(400);
    const renamed = await json(
      await h.request('PUT', `/api/slaPolicies/${created.body.id}`, {
        token: admin,
        body: { ...created.body, name: '改名' },
      }),
    );
    expect(renamed.body.name).toBe('改名');
    expect(renamed.body.recomputeRunId).toBeNull(); // names never move deadlines
    const del = await h.request('DELETE', `/api/slaPolicies/${created.body.id}`, { token: admin });
    expect(del.status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the Timebox routes', async () => {
    const doc = await json(await h.request('GET', '/api/openapi.json'));
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/calendars',
      '/api/calendars/{idOrCode}',
      '/api/calendars/{idOrCode}/deadline',
      '/api/calendars/{idOrCode}/days/{year}',
      '/api/slaPolicies/{id}',
      '/api/tickets/{id}/clocks',
      '/api/sla/recomputes/{id}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('Bull Board', () => {
  it('admin only; ?access_token= becomes a path cookie and the URL is cleaned', async () => {
    expect((await h.request('GET', '/api/admin/queues')).status).toBe(401);
    const notAdmin = await h.request('GET', `/api/admin/queues?access_token=${agent}`);
    expect(notAdmin.status).toBe(403);
    const entry = await h.request('GET', `/api/admin/queues?access_token=${admin}`);
    expect(entry.status).toBe(302);
    expect(entry.headers.get('location')).toBe('/api/admin/queues');
    const cookie = entry.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/hy_board=.+; Max-Age=900; Path=\/api\/admin\/queues; HttpOnly; SameSite=Strict/);
    const jar = cookie.split(';')[0] ?? '';
    const page = await h.request('GET', '/api/admin/queues', { headers: { cookie: jar } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html');
    // Nothing from outside the centre's network: Google Fonts is unreachable from mainland China.
    expect(html).toContain('static/css/');
    expect(html).not.toMatch(/https?:\/\//);
    const api = await h.request('GET', '/api/admin/queues/api/queues', { headers: { cookie: jar } });
    expect(api.status).toBe(200);
    const names = (await api.json()).queues.map((q: { name: string }) => q.name);
    expect(names).toContain('timers');
  });
});
