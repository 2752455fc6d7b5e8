import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, calls, missedCalls } from '../db/schema/index.ts';
import { createTicket } from '../services/tickets.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

const TOKEN = 'cti-shared-secret';
let h: Harness;
let agent1: string;
let agent2: string;

beforeAll(async () => {
  h = await createHarness({ env: { CTI_TOKEN: TOKEN } });
  await seedCity(h);
  agent1 = await h.login('agent1');
  agent2 = await h.login('agent2');
});
afterAll(() => h.close());

let seq = 0;
const callId = () => `call-${Date.now()}-${++seq}`;
const t = (s: number) => new Date(Date.parse('2026-11-23T02:00:00Z') + s * 1000).toISOString();

function cti(body: Record<string, unknown>, token: string | null = TOKEN) {
  return h.request('POST', '/api/intake/cti', { body, headers: token === null ? {} : { 'x-cti-token': token } });
}
const ev = (id: string, event: string, s: number, over: Record<string, unknown> = {}) =>
  cti({ event, callId: id, from: '0734-5551234', to: '12345', direction: 'in', at: t(s), ...over });
const callRow = async (id: string) => (await h.deps.db.select().from(calls).where(eq(calls.callId, id)))[0];

/** Reads a text/event-stream body into named events as they arrive. */
function sseReader(res: Response) {
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  let waiters: Array<() => void> = [];
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (name) events.push({ event: name, data: JSON.parse(data) as Record<string, unknown> });
        i = buf.indexOf('\n\n');
      }
      for (const w of waiters) w();
      waiters = [];
    }
  })();
  return {
    events,
    async next(name: string, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find((e) => e.event === name);
        if (hit) {
          events.splice(events.indexOf(hit), 1);
          return hit.data;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${name} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left);
        });
      }
    },
    close: () => reader.cancel(),
  };
}

describe('CTI authentication and validation', () => {
  it('refuses a missing or wrong X-CTI-Token with 401 and stores nothing', async () => {
    const id = callId();
    expect((await ev(id, 'newCall', 0, {})).status).toBe(200);
    const before = await h.deps.db.select({ n: count() }).from(callEvents);
    const noToken = await cti({ event: 'hangup', callId: id, from: '1', to: '2', direction: 'in' }, null);
    const wrong = await cti({ event: 'hangup', callId: id, from: '1', to: '2', direction: 'in' }, 'nope');
    expect(noToken.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    expect(await h.deps.db.select({ n: count() }).from(callEvents)).toEqual(before);
  });

  it('names the bad fields in a 400 and writes nothing', async () => {
    const before = await h.deps.db.select({ n: count() }).from(calls);
    const res = await cti({ event: 'ring', callId: '', direction: 'sideways', at: 'yesterday' });
    expect(res.status).toBe(400);
    const body = await res.json();
    const paths = body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['event', 'callId', 'from', 'to', 'direction', 'at']));
    const noExt = await cti({ event: 'answer', callId: callId(), from: '1', to: '2', direction: 'in' });
    expect((await noExt.json()).error.fields[0].path).toBe('answeringNumber');
    expect(
      (await h.request('POST', '/api/intake/cti', { body: '{oops', headers: { 'x-cti-token': TOKEN } })).status,
    ).toBe(400);
    expect(await h.deps.db.select({ n: count() }).from(calls)).toEqual(before);
  });
});

describe('call records', () => {
  it('answers newCall with the caller looked up by normalised landline number and their tickets', async () => {
    await createTicket(
      h.deps.db,
      {
        channel: 'phone',
        type: 'help',
        content: '小区门口路灯坏了',
        contact: { phone: '+867345551234', name: '赵女士' },
      },
      { id: null, kind: 'system' },
      h.clock.now(),
    );
    const res = await ev(callId(), 'newCall', 0);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.duplicate).toBe(false);
    expect(body.call).toMatchObject({ status: 'ringing', phone: '+867345551234', direction: 'in' });
    expect(body.caller.contact.name).toBe('赵女士');
    expect(body.caller.openTickets).toHaveLength(1);
    expect(body.caller.openTickets[0].title).toBe('小区门口路灯坏了');
  });

  it('gives one correct record when hangup arrives before answer and events are redelivered', async () => {
    const id = callId();
    await ev(id, 'newCall', 0, { queue: 'general' });
    await ev(id, 'hangup', 200, { cause: 'normal' });
    expect((await callRow(id))?.status).toBe('missed');
    expect((await h.deps.db.select().from(missedCalls).where(eq(missedCalls.callId, id))).length).toBe(1);
    const answered = await ev(id, 'answer', 15, { answeringNumber: '8001' });
    expect((await answered.json()).call).toMatchObject({ status: 'completed', waitSeconds: 15, talkSeconds: 185 });
    // The hang-up had made it look missed: it was not, so it leaves the callback list.
    expect((await h.deps.db.select().from(missedCalls).where(eq(missedCalls.callId, id))).length).toBe(0);
    const again = await ev(id, 'hangup', 999, { cause: 'changed' });
    expect((await again.json()).duplicate).toBe(true);
    const row = await callRow(id);
    expect(row).toMatchObject({ status: 'completed', talkSeconds: 185, cause: 'normal', queue: 'general' });
    expect(row?.agentId).not.toBeNull();
    const evs = await h.deps.db.select().from(callEvents).where(eq(callEvents.callId, id));
    expect(evs).toHaveLength(3);
  });

  it('takes simultaneous deliveries of the same events as one', async () => {
    const id = callId();
    const all = await Promise.all([
      ev(id, 'newCall', 0),
      ev(id, 'newCall', 0),
      ev(id, 'answer', 5, { answeringNumber: '8002' }),
      ev(id, 'answer', 5, { answeringNumber: '8002' }),
      ev(id, 'hangup', 65),
    ]);
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await callRow(id)).toMatchObject({ status: 'completed', waitSeconds: 5, talkSeconds: 60 });
    expect((await h.deps.db.select().from(callEvents).where(eq(callEvents.callId, id))).length).toBe(3);
  });

  it('lists call records for agents and refuses units', async () => {
    const list = await h.request('GET', '/api/intake/calls?status=completed', { token: agent1 });
    expect(list.status).toBe(200);
    expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(2);
    const unit = await h.login('cgj');
    expect((await h.request('GET', '/api/intake/calls', { token: unit })).status).toBe(403);
  });
});

describe('missed calls and the callback list', () => {
  const phone = '13907341111';
  it('lists an unanswered inbound call and clears it when the citizen gets through', async () => {
    const a = callId();
    await ev(a, 'newCall', 0, { from: phone });
    await ev(a, 'hangup', 30, { from: phone });
    const res = await h.request('GET', `/api/intake/missed-calls?status=pending&phone=${phone}`, { token: agent1 });
    const rows = await res.json();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '+8613907341111', waitSeconds: 30, status: 'pending' });
    const b = callId();
    await ev(b, 'newCall', 60, { from: phone });
    await ev(b, 'answer', 70, { from: phone, answeringNumber: '8002' });
    const after = await (await h.request('GET', `/api/intake/missed-calls/${rows[0].id}`, { token: agent1 })).json();
    expect(after).toMatchObject({ status: 'got_through', clearedByCallId: b });
  });

  it('"called back": a failed attempt is counted, a reached citizen clears it', async () => {
    const a = callId();
    await ev(a, 'newCall', 100, { from: '13907342222' });
    await ev(a, 'hangup', 120, { from: '13907342222' });
    const [m] = await h.deps.db.select().from(missedCalls).where(eq(missedCalls.callId, a));
    const url = `/api/intake/missed-calls/${m?.id}/called-back`;
    const tried = await h.request('POST', url, { token: agent1, body: { reached: false, note: '无人接听' } });
    expect(await tried.json()).toMatchObject({ status: 'pending', attempts: 1, note: '无人接听' });
    const done = await h.request('POST', url, { token: agent1, body: {} });
    expect(await done.json()).toMatchObject({ status: 'called_back', attempts: 2 });
    expect((await h.request('POST', url, { token: agent1, body: {} })).status).toBe(409);
    expect(
      (await h.request('POST', '/api/intake/missed-calls/999999/called-back', { token: agent1, body: {} })).status,
    ).toBe(404);
  });

  it("clears pending missed calls when an agent's outbound call-back is answered", async () => {
    const a = callId();
    await ev(a, 'newCall', 200, { from: '13907343333' });
    await ev(a, 'hangup', 210, { from: '13907343333' });
    const out = callId();
    const o = { from: '8001', to: '13907343333', direction: 'out' };
    await ev(out, 'newCall', 300, o);
    await ev(out, 'answer', 310, { ...o, answeringNumber: '8001' });
    const [m] = await h.deps.db.select().from(missedCalls).where(eq(missedCalls.callId, a));
    expect(m).toMatchObject({ status: 'called_back', clearedByCallId: out });
    expect(m?.clearedById).not.toBeNull();
  });
});

describe('screen pop over SSE', () => {
  it('pushes the caller profile to the answering agent only', async () => {
    const anon = await h.request('GET', '/api/stream');
    expect(anon.status).toBe(401);
    const s1 = sseReader(await h.app.request(`/api/stream?access_token=${agent1}`));
    const s2 = sseReader(await h.app.request(`/api/stream?access_token=${agent2}`));
    try {
      expect(await s1.next('ready')).toMatchObject({ audiences: expect.arrayContaining(['role:agent', 'all']) });
      await s2.next('ready');
      const id = callId();
      await ev(id, 'newCall', 0, { from: '0734-5551234', queue: 'general' });
      await ev(id, 'answer', 8, { from: '0734-5551234', answeringNumber: '8001' });
      const pop = await s1.next('call.screen_pop');
      expect(pop).toMatchObject({
        callId: id,
        phone: '+867345551234',
        contact: { name: '赵女士' },
        prefill: { channel: 'phone', callId: id, phone: '+867345551234', name: '赵女士' },
      });
      expect((pop.openTickets as unknown[]).length).toBe(1);
      // A redelivered answer pops nothing again; agent2 never sees agent1's caller.
      await ev(id, 'answer', 8, { from: '0734-5551234', answeringNumber: '8001' });
      await expect(s1.next('call.screen_pop', 400)).rejects.toThrow(/no call.screen_pop/);
      await expect(s2.next('call.screen_pop', 100)).rejects.toThrow(/no call.screen_pop/);
    } finally {
      await s1.close();
      await s2.close();
    }
  });

  it('tells agents about a new missed call and filters by ?topics=', async () => {
    const s = sseReader(await h.app.request(`/api/stream?access_token=${agent2}&topics=call.missed`));
    try {
      await s.next('ready');
      const id = callId();
      await ev(id, 'newCall', 0, { from: '13907344444' });
      await ev(id, 'hangup', 9, { from: '13907344444' });
      expect(await s.next('call.missed')).toMatchObject({ callId: id, phone: '+8613907344444' });
    } finally {
      await s.close();
    }
  });
});
