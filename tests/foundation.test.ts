import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { dispatches, ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let ref: ReferenceIds;
let agent: string;

beforeAll(async () => {
  h = await createHarness();
  ref = await seedCity(h);
  agent = await h.login('agent1');
});
afterAll(() => h.close());

async function create(body: Record<string, unknown>, token = agent) {
  return h.request('POST', '/api/tickets', { token, body });
}

describe('auth', () => {
  it('rejects wrong passwords with the same message as unknown users', async () => {
    const a = await h.request('POST', '/api/auth/login', { body: { username: 'agent1', password: 'nope' } });
    const b = await h.request('POST', '/api/auth/login', { body: { username: 'ghost', password: 'nope' } });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json()).error.message).toBe((await b.json()).error.message);
  });

  it('requires a token and forgets it on logout', async () => {
    expect((await h.request('GET', '/api/tickets')).status).toBe(401);
    const token = await h.login('agent2');
    expect((await h.request('GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await h.request('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await h.request('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('expires tokens after their lifetime', async () => {
    const token = await h.login('agent2');
    h.clock.advance(13 * 3600_000);
    try {
      expect((await h.request('GET', '/api/auth/me', { token })).status).toBe(401);
    } finally {
      h.clock.advance(-13 * 3600_000);
    }
  });

  it('refuses roles that may not register tickets', async () => {
    const unit = await h.login('cgj');
    const res = await create({ type: 'help', content: '路灯坏了' }, unit);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });
});

describe('ticket intake by an agent', () => {
  it('creates a ticket with number, query code, normalised phone and a created event', async () => {
    const res = await create({
      type: 'help',
      content: '幸福路路灯不亮，晚上很黑',
      phone: '138 0734 5678',
      name: '王先生',
      address: '城东区幸福路12号',
    });
    expect(res.status).toBe(201);
    const t = await res.json();
    expect(t.ticketNo).toMatch(/^20261123\d{6}$/);
    expect(t.queryCode).toMatch(/^[2-9A-Z]{6}$/);
    expect(t.contactPhone).toBe('+8613807345678');
    expect(t.status).toBe('registered');
    const ev = await h.request('GET', `/api/tickets/${t.id}/events`, { token: agent });
    const events = await ev.json();
    expect(events.map((e: { action: string }) => e.action)).toEqual(['ticket.created']);
    const full = await (await h.request('GET', `/api/tickets/${t.id}`, { token: agent })).json();
    expect(full.events).toEqual(events);
  });

  it('names the bad fields in a 400 and writes nothing', async () => {
    const before = await h.deps.db.execute(sql`select count(*)::int as n from tickets`);
    const res = await create({ type: 'nonsense', content: '', phone: '12' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation');
    const paths = body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['type', 'content', 'phone']));
    const after = await h.deps.db.execute(sql`select count(*)::int as n from tickets`);
    expect(after).toEqual(before);
  });

  it('rejects an invalid phone number by field', async () => {
    const res = await create({ type: 'help', content: '测试', phone: '123456' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('phone');
  });

  it('answers malformed JSON and oversized bodies with 4xx JSON, never 500', async () => {
    const bad = await h.request('POST', '/api/tickets', { token: agent, body: '{"type":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBeDefined();
    const huge = await h.request('POST', '/api/tickets', {
      token: agent,
      body: { type: 'help', content: 'x'.repeat(1_100_000) },
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('payload_too_large');
  });

  it('gives 100 parallel creates 100 distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => create({ type: 'consultation', content: `并发测试 ${i}` })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = await Promise.all(results.map(async (r) => (await r.json()).ticketNo as string));
    expect(new Set(numbers).size).toBe(100);
  });

  it('numbers restart each Shanghai day', async () => {
    h.clock.set('2026-11-23T16:30:00Z'); // 00:30 on 11-24 in Shanghai
    try {
      const fresh = await h.login('dispatcher1');
      const t = await (await create({ type: 'help', content: '跨天编号' }, fresh)).json();
      expect(t.ticketNo).toBe('20261124000001');
    } finally {
      h.clock.set('2026-11-23T02:00:00Z');
    }
  });
});

describe('search and list', () => {
  it('finds tickets by Chinese words in content and address', async () => {
    await create({ type: 'complaint', content: '工地夜间施工噪音扰民，严重影响休息', address: '城西区人民路88号' });
    await create({ type: 'help', content: '小区下水道堵塞，污水横流' });
    const res = await h.request('GET', `/api/tickets?q=${encodeURIComponent('噪音')}`, { token: agent });
    const rows = await res.json();
    expect(rows.length).toBe(1);
    expect(rows[0].content).toContain('噪音');
    const byAddress = await (
      await h.request('GET', `/api/tickets?q=${encodeURIComponent('人民路')}`, { token: agent })
    ).json();
    expect(byAddress.length).toBe(1);
    const none = await (
      await h.request('GET', `/api/tickets?q=${encodeURIComponent('火箭发射')}`, { token: agent })
    ).json();
    expect(none).toEqual([]);
  });

  it('pages with both react-admin dialects and reports the total', async () => {
    const a = await h.request('GET', '/api/tickets?_start=0&_end=5&_sort=id&_order=ASC', { token: agent });
    expect(a.headers.get('x-total-count')).toMatch(/^\d+$/);
    const rowsA = await a.json();
    expect(rowsA).toHaveLength(5);
    const b = await h.request(
      'GET',
      `/api/tickets?range=${encodeURIComponent('[5,9]')}&sort=${encodeURIComponent('["id","ASC"]')}`,
      { token: agent },
    );
    expect(b.headers.get('content-range')).toMatch(/^tickets 5-9\/\d+$/);
    const rowsB = await b.json();
    expect(rowsB[0].id).toBeGreaterThan(rowsA[4].id);
  });

  it('sorts by priority with the longest waiting first within each priority, either way round', async () => {
    const made: Array<{ id: number; priority: string }> = [];
    for (const priority of ['normal', 'urgent', 'normal', 'urgent']) {
      const res = await create({ type: 'help', priority, content: `路灯不亮，请尽快维修 ${made.length}` });
      made.push({ id: (await res.json()).id, priority });
      h.clock.advance(60_000);
    }
    const ids = new Set(made.map((m) => m.id));
    const order = async (dir: string) =>
      (
        (await (
          await h.request('GET', `/api/tickets?_sort=priority&_order=${dir}&_end=500`, { token: agent })
        ).json()) as Array<{ id: number }>
      )
        .map((r) => r.id)
        .filter((id) => ids.has(id));
    h.clock.advance(-made.length * 60_000);
    const [n1, u1, n2, u2] = made.map((m) => m.id);
    expect(await order('DESC')).toEqual([u1, u2, n1, n2]);
    expect(await order('ASC')).toEqual([n1, n2, u1, u2]);
  });

  it('rejects unknown sort fields and bad filters by name', async () => {
    const res = await h.request('GET', '/api/tickets?_sort=password', { token: agent });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('sort');
    const bad = await h.request('GET', `/api/tickets?filter=${encodeURIComponent('{"status":"flying"}')}`, {
      token: agent,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe('filter.status');
  });
});

describe('unit scope and confidentiality', () => {
  it('shows units only their dispatches and hides confidential citizens', async () => {
    const secret = await (
      await create({
        type: 'report',
        content: '举报某餐馆使用地沟油',
        phone: '13912345678',
        name: '赵女士',
        confidential: true,
      })
    ).json();
    const other = await (await create({ type: 'help', content: '另一个单位的工单' })).json();
    const cgj = must(ref.unitByCode.get('CGJ'));
    const hbj = must(ref.unitByCode.get('HBJ'));
    await h.deps.db.insert(dispatches).values([
      { ticketId: secret.id, unitId: cgj },
      { ticketId: other.id, unitId: hbj },
    ]);
    const unitToken = await h.login('cgj');
    const mine = await h.request('GET', `/api/tickets/${secret.id}`, { token: unitToken });
    expect(mine.status).toBe(200);
    const t = await mine.json();
    expect(t.contactPhone).toBeNull();
    expect(t.contactName).toBeNull();
    expect(t.citizenHidden).toBe(true);
    expect(t.queryCode).toBe('');
    expect((await h.request('GET', `/api/tickets/${other.id}`, { token: unitToken })).status).toBe(404);
    const list = await (await h.request('GET', '/api/tickets?_end=100', { token: unitToken })).json();
    expect(list.map((x: { id: number }) => x.id)).toEqual([secret.id]);
    // The agent still sees the citizen.
    const forAgent = await (await h.request('GET', `/api/tickets/${secret.id}`, { token: agent })).json();
    expect(forAgent.contactPhone).toBe('+8613912345678');
  });

  it('lets a district see its streets’ dispatches (unit tree)', async () => {
    const t = await (await create({ type: 'help', content: '街道工单' })).json();
    await h.deps.db.insert(dispatches).values({ ticketId: t.id, unitId: must(ref.unitByCode.get('CD01')) });
    const district = await h.login('cd');
    expect((await h.request('GET', `/api/tickets/${t.id}`, { token: district })).status).toBe(200);
    const otherDistrict = await h.login('cx');
    expect((await h.request('GET', `/api/tickets/${t.id}`, { token: otherDistrict })).status).toBe(404);
  });
});

describe('updates and the event log', () => {
  it('records each edit as an event and refuses stale versions with 409', async () => {
    const t = await (await create({ type: 'help', content: '原始内容' })).json();
    const ok = await h.request('PATCH', `/api/tickets/${t.id}`, {
      token: agent,
      body: { priority: 'urgent', version: t.version },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).priority).toBe('urgent');
    const stale = await h.request('PATCH', `/api/tickets/${t.id}`, {
      token: agent,
      body: { priority: 'normal', version: t.version },
    });
    expect(stale.status).toBe(409);
    const events = await (await h.request('GET', `/api/tickets/${t.id}/events`, { token: agent })).json();
    expect(events.map((e: { action: string }) => e.action)).toEqual(['ticket.created', 'ticket.updated']);
    expect(events[1].payload.changes.priority).toEqual({ from: 'normal', to: 'urgent' });
  });

  it('refuses to rewrite history', async () => {
    const appendOnly = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(h.deps.db.update(ticketEvents).set({ action: 'ticket.note' })).rejects.toMatchObject(appendOnly);
    await expect(h.deps.db.delete(ticketEvents)).rejects.toMatchObject(appendOnly);
  });
});

describe('health and docs', () => {
  it('reports db and redis', async () => {
    const res = await h.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const doc = await (await h.request('GET', '/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/tickets', '/api/tickets/{id}', '/api/auth/login']),
    );
  });
});

describe('console hosting', () => {
  it('serves the console for client routes but keeps unknown API paths a JSON 404', async () => {
    const root = mkdtempSync(join(tmpdir(), 'huiyin-console-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>回音</title>');
    const app = createApp(h.deps, { staticRoot: root });
    const page = await app.request('/tickets/42/show');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('回音');
    const api = await app.request('/api/no-such-thing', { headers: { authorization: `Bearer ${agent}` } });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });

  it('explains validation failures in Chinese', async () => {
    const res = await create({ type: 'help', content: 'x', title: 'y'.repeat(200) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});
