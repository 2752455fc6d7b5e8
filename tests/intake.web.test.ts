import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_LIMITS } from '../api/public/rateLimit.ts';
import { contacts, kbEntries, messages, messageTemplates, ticketEvents, tickets } from '../db/schema/index.ts';
import { segmentWords } from '../domain/search.ts';
import { DEFAULT_FOLLOWUP_SETTINGS, saveFollowupSettings } from '../services/followup/settings.ts';
import { GroupCommit } from '../services/intake/batch.ts';
import { registerCitizenTickets } from '../services/intake/register.ts';
import { allocateTicketNo } from '../services/tickets.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let agent: string;

beforeAll(async () => {
  h = await createHarness();
  await seedCity(h);
  agent = await h.login('agent1');
});
afterAll(() => h.close());

let ipSeq = 0;
const newIp = () => `203.0.113.${++ipSeq}`;
let phoneSeq = 0;
const newPhone = () => `136${String(10_000_000 + ++phoneSeq * 4409).slice(-8)}`;

function complain(body: unknown, opts: { ip?: string; key?: string } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': opts.ip ?? newIp() };
  if (opts.key) headers['idempotency-key'] = opts.key;
  return h.request('POST', '/api/public/complaints', { body, headers });
}
const lookup = (no: string, code: string, ip = newIp()) =>
  h.request('GET', `/api/public/tickets/${no}?code=${encodeURIComponent(code)}`, {
    headers: { 'x-forwarded-for': ip },
  });
const ticketCount = async () => (await h.deps.db.select({ n: count() }).from(tickets))[0]?.n ?? 0;

describe('POST /api/public/complaints', () => {
  it('registers the complaint and answers 201 {ticketNo, queryCode}, queuing the 受理告知 SMS', async () => {
    const res = await complain({
      phone: '136 0734 0001',
      name: '陈先生',
      content: '滨江公园东门附近的公共厕所长期没人打扫，气味很大',
      address: '滨江公园东门',
      confidential: true,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['queryCode', 'ticketNo']);
    const [t] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, body.ticketNo));
    expect(t).toMatchObject({ channel: 'web', type: 'complaint', confidential: true, queryCode: body.queryCode });
    const [c] = await h.deps.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, t?.contactId ?? 0));
    expect(c).toMatchObject({ phone: '+8613607340001', name: '陈先生' });
    const [sms] = await h.deps.db
      .select()
      .from(messages)
      .where(eq(messages.ticketId, t?.id ?? 0));
    expect(sms).toMatchObject({
      direction: 'out',
      channel: 'sms',
      template: 'ticket.registered',
      toAddr: '+8613607340001',
    });
    // Confidential: the SMS never carries the matter.
    expect(sms?.body).not.toContain('厕所');
    expect(sms?.body).toContain(body.ticketNo);
  });

  it("writes the registration notice with the administrator's template and quiet hours", async () => {
    // An administrator's own text for the registration SMS (the built-in default has no row).
    const [edited] = await h.deps.db
      .insert(messageTemplates)
      .values({
        code: 'ticket.registered',
        channel: 'sms',
        name: '受理告知',
        body: '【本市12345】已受理，编号{ticketNo}，查询码{queryCode}。',
      })
      .returning();
    // 10:00 in Shanghai falls inside these quiet hours: a non-urgent SMS waits until they end.
    await saveFollowupSettings(h.deps.db, { quietHours: { start: '09:00', end: '11:00' } }, null, h.clock.now());
    try {
      const res = await complain({ phone: newPhone(), content: '人民路的窨井盖缺了一块，晚上容易踩空' });
      expect(res.status).toBe(201);
      const { ticketNo, queryCode } = await res.json();
      const [t] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, ticketNo));
      const [sms] = await h.deps.db
        .select()
        .from(messages)
        .where(eq(messages.ticketId, t?.id ?? 0));
      expect(sms?.body).toBe(`【本市12345】已受理，编号${ticketNo}，查询码${queryCode}。`);
      expect(sms?.status).toBe('held');
      expect(sms?.notBefore?.toISOString()).toBe('2026-11-23T03:00:00.000Z');
    } finally {
      await h.deps.db.delete(messageTemplates).where(eq(messageTemplates.id, edited?.id ?? 0));
      await saveFollowupSettings(h.deps.db, { quietHours: DEFAULT_FOLLOWUP_SETTINGS.quietHours }, null, h.clock.now());
    }
  });

  it('keeps an e-mail with the citizen who gave it first when another phone sends it', async () => {
    const [a, b] = [newPhone(), newPhone()];
    const email = `shared-${phoneSeq}@example.cn`;
    expect((await complain({ phone: a, email, content: '小区电梯经常停运，老人上下楼困难' })).status).toBe(201);
    expect((await complain({ phone: b, email, content: '小区电梯经常停运，孩子上下学困难' })).status).toBe(201);
    const rows = await h.deps.db
      .select({ phone: contacts.phone, email: contacts.email })
      .from(contacts)
      .where(inArray(contacts.phone, [`+86${a}`, `+86${b}`]));
    expect(rows.sort((x, y) => (x.phone ?? '').localeCompare(y.phone ?? ''))).toEqual(
      [
        { phone: `+86${a}`, email },
        { phone: `+86${b}`, email: null },
      ].sort((x, y) => x.phone.localeCompare(y.phone)),
    );
  });

  it('names every bad field in a 400 and writes nothing', async () => {
    const before = await ticketCount();
    const res = await complain({ content: '短', email: 'not-an-email', categoryId: 'x' });
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['phone', 'content', 'email', 'categoryId']));
    const badPhone = await complain({ phone: '12345', content: '路灯坏了很多天了' });
    expect((await badPhone.json()).error.fields).toEqual([{ path: 'phone', message: '不是有效的中国大陆电话号码' }]);
    const badCategory = await complain({ phone: newPhone(), content: '路灯坏了很多天了', categoryId: 999_999 });
    expect((await badCategory.json()).error.fields[0].path).toBe('categoryId');
    const notJson = await h.request('POST', '/api/public/complaints', {
      body: '{"phone":',
      headers: { 'x-forwarded-for': newIp() },
    });
    expect(notJson.status).toBe(400);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a body over 16 KB with 413', async () => {
    const res = await complain({ phone: newPhone(), content: '很'.repeat(9000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('returns the same ticket for a repeated Idempotency-Key (double tap, retry)', async () => {
    const phone = newPhone();
    const body = { phone, content: '人行道上的井盖松动，踩上去会响' };
    const before = await ticketCount();
    const a = await complain(body, { key: 'form-7f3a9c21' });
    const b = await complain(body, { key: 'form-7f3a9c21' });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(await a.json());
    expect(await ticketCount()).toBe(before + 1);
    expect((await complain(body, { key: 'bad key!' })).status).toBe(400);
  });

  it('rate-limits per IP with 429 and Retry-After', async () => {
    const ip = newIp();
    for (let i = 0; i < PUBLIC_LIMITS.complaintsPerIp.limit; i++) {
      expect((await complain({}, { ip })).status).toBe(400);
    }
    const res = await complain({ phone: newPhone(), content: '这一条应被限流拒绝' }, { ip });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe('rate_limited');
    expect((await complain({}, { ip: newIp() })).status).toBe(400);
  });

  it('rate-limits per phone across addresses, whatever way the number is written', async () => {
    const phone = newPhone();
    for (let i = 0; i < PUBLIC_LIMITS.complaintsPerPhone.limit; i++) {
      const written = i % 2 ? `+86 ${phone}` : phone;
      expect((await complain({ phone: written, content: `第${i}件事：小区路灯不亮${i}` })).status).toBe(201);
    }
    const before = await ticketCount();
    const res = await complain({ phone, content: '第六件事应被限流' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await ticketCount()).toBe(before);
  });

  it('respects RATE_LIMIT_DISABLED', async () => {
    const ip = newIp();
    h.deps.config.rateLimitDisabled = true;
    try {
      for (let i = 0; i <= PUBLIC_LIMITS.complaintsPerIp.limit; i++)
        expect((await complain({}, { ip })).status).toBe(400);
    } finally {
      h.deps.config.rateLimitDisabled = false;
    }
  });
});

describe('search words of a complaint', () => {
  it("are its title's, content's and address's, and a title made from the content is not counted twice", async () => {
    const content = '楼下烧烤店每天营业到凌晨两点，油烟很大';
    const titled = await (await complain({ phone: newPhone(), title: '噪音扰民', content })).json();
    const untitled = await (await complain({ phone: newPhone(), content, address: '城东区胜利路3号' })).json();
    const words = async (ticketNo: string) => {
      const [t] = await h.deps.db
        .select({ searchText: tickets.searchText })
        .from(tickets)
        .where(eq(tickets.ticketNo, ticketNo));
      return must(t).searchText.split(' ');
    };
    expect(await words(titled.ticketNo)).toEqual(segmentWords(`噪音扰民 ${content}`));
    expect(await words(untitled.ticketNo)).toEqual(segmentWords(`${content} 城东区胜利路3号`));
  });
});

describe('GET /api/public/tickets/{ticketNo}?code=', () => {
  it('shows status, milestones and the direct answer to the holder of the query code only', async () => {
    const res = await complain({ phone: newPhone(), content: '请问居住证办理需要带哪些材料', type: 'consultation' });
    const { ticketNo, queryCode } = await res.json();
    const first = await lookup(ticketNo, queryCode.toLowerCase());
    expect(first.status).toBe(200);
    const s = await first.json();
    expect(s).toMatchObject({ ticketNo, status: 'registered', statusLabel: '已受理', typeLabel: '咨询', reply: null });
    expect(s.timeline.map((m: { label: string }) => m.label)).toEqual(['已受理']);
    const [t] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, ticketNo));
    const answered = await h.request('POST', `/api/tickets/${t?.id}/direct-answer`, {
      token: agent,
      body: { answer: '请携带身份证、居住证明到社区服务中心办理。' },
    });
    expect(answered.status).toBe(200);
    const after = await (await lookup(ticketNo, queryCode)).json();
    expect(after).toMatchObject({ statusLabel: '已办结', reply: '请携带身份证、居住证明到社区服务中心办理。' });
    expect(after.timeline.map((m: { label: string }) => m.label)).toEqual(['已受理', '已直接答复', '已办结']);
    expect(JSON.stringify(after)).not.toMatch(/contact|phone|unit|actor|queryCode/i);
    // The citizen wrote in, so the answer is sent to them (a caller hears it on the phone instead).
    const sent = await h.deps.db
      .select({ body: messages.body })
      .from(messages)
      .where(and(eq(messages.ticketId, must(t).id), eq(messages.template, 'ticket.answered')));
    expect(sent.map((m) => m.body)).toEqual([
      expect.stringContaining(`您的工单${ticketNo}已答复办结：请携带身份证、居住证明到社区服务中心办理。`),
    ]);
  });

  it('gives the same 404 for a wrong code and an unknown number, 400 for a malformed number', async () => {
    const { ticketNo } = await (await complain({ phone: newPhone(), content: '公交站台顶棚漏雨' })).json();
    const wrong = await lookup(ticketNo, 'ZZZZZZ');
    const unknown = await lookup('20991231999999', 'ZZZZZZ');
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
    const bad = await lookup('123', 'ABCDEF');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe('ticketNo');
  });

  it('rate-limits lookups per IP so query codes cannot be guessed', async () => {
    const ip = newIp();
    for (let i = 0; i < PUBLIC_LIMITS.lookupsPerIp.limit; i++) await lookup('20991231999999', 'AAAAAA', ip);
    const res = await lookup('20991231999999', 'AAAAAA', ip);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('the citizen page', () => {
  it('serves the Chinese mobile page and its assets, with /complaint and /status pointing at it', async () => {
    const page = await h.app.request('/public/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('name="viewport"');
    expect(html).toContain('我要反映');
    expect(html).toContain('进度查询');
    for (const asset of ['/public/app.js', '/public/style.css']) expect((await h.app.request(asset)).status).toBe(200);
    const complaint = await h.app.request('/complaint');
    expect(complaint.status).toBe(302);
    expect(complaint.headers.get('location')).toBe('/public/#complaint');
    const status = await h.app.request('/status?ticketNo=20261123000001&code=ABCDEF');
    expect(status.headers.get('location')).toBe('/public/?ticketNo=20261123000001&code=ABCDEF#status');
  });
});

describe('group commit', () => {
  it('answers simultaneous complaints each with its own ticket, one per Idempotency-Key', async () => {
    const before = await ticketCount();
    const phone = newPhone();
    const res = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        complain({ phone: newPhone(), content: `第${i}号楼前的绿化带被毁，请处理` }),
      ),
      complain({ phone, content: '双击提交的同一件事：路灯不亮' }, { key: 'double-tap-key-1' }),
      complain({ phone, content: '双击提交的同一件事：路灯不亮' }, { key: 'double-tap-key-1' }),
    ]);
    expect(res.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = await Promise.all(res.map((r) => r.json()));
    expect(bodies[8]).toEqual(bodies[9]);
    expect(new Set(bodies.map((b) => b.ticketNo)).size).toBe(9);
    expect(await ticketCount()).toBe(before + 9);
  });

  it('writes a batch as one: each ticket with its event and notice, the same citizen twice linked as a repeat', async () => {
    const phone = newPhone();
    const res = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        complain({ phone: newPhone(), content: `第${i}栋楼下的井盖松动，走过去会响` }),
      ),
      complain({ phone, content: '幸福路口的红绿灯坏了，早晚高峰很堵' }),
      complain({ phone, content: '幸福路口红绿灯坏了，早晚高峰非常堵' }),
    ]);
    expect(res.map((r) => r.status)).toEqual(Array(8).fill(201));
    const nos = (await Promise.all(res.map((r) => r.json()))).map((b) => b.ticketNo as string);
    const rows = await h.deps.db.select().from(tickets).where(inArray(tickets.ticketNo, nos));
    expect(rows).toHaveLength(8);
    for (const t of rows) {
      const actions = (
        await h.deps.db
          .select({ action: ticketEvents.action })
          .from(ticketEvents)
          .where(eq(ticketEvents.ticketId, t.id))
      ).map((e) => e.action);
      expect(actions).toContain('ticket.created');
      expect(actions).toContain('message.queued');
      const notices = await h.deps.db.select().from(messages).where(eq(messages.ticketId, t.id));
      expect(notices.map((m) => [m.template, m.toAddr.startsWith('+86')])).toEqual([['ticket.registered', true]]);
      expect(notices[0]?.body).toContain(t.ticketNo);
    }
    const first = rows.find((t) => t.ticketNo === nos[6]);
    const second = rows.find((t) => t.ticketNo === nos[7]);
    expect(first?.contactId).toBe(second?.contactId);
    // Whichever was written first is the original, the other its merged repeat.
    const [original, repeat] = [first, second].sort((x, y) => (x?.id ?? 0) - (y?.id ?? 0));
    expect([original?.repeatOfId, repeat?.repeatOfId, repeat?.status]).toEqual([null, original?.id, 'merged']);
  });

  it("checks a citizen's two submissions in two concurrent batches against each other", async () => {
    const phone = `+86${newPhone()}`;
    const now = h.clock.now();
    const item = (content: string) => ({
      input: {
        channel: 'web' as const,
        type: 'complaint' as const,
        content,
        contact: { phone },
        sourceKey: `web:${randomUUID()}`,
      },
      actor: { id: null, kind: 'citizen' as const },
    });
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let written = () => {};
    const aWritten = new Promise<void>((r) => {
      written = r;
    });
    // Batch A has written its ticket but not committed; batch B starts meanwhile.
    const a = h.deps.db.transaction(async (tx) => {
      const r = await registerCitizenTickets(tx, h.deps, [item('幸福路口的红绿灯坏了，早晚高峰很堵')], now);
      written();
      await held;
      return r;
    });
    await aWritten;
    const b = h.deps.db.transaction((tx) =>
      registerCitizenTickets(tx, h.deps, [item('幸福路口红绿灯坏了，早晚高峰非常堵')], now),
    );
    // Give B time to reach the counter row, where it waits for A (were it slower, it would start after A's
    // commit: the same outcome by another path).
    await new Promise((r) => setTimeout(r, 100));
    release();
    const [[first], [second]] = await Promise.all([a, b]);
    expect(second?.repeat?.originalId).toBe(first?.ticket.id);
    expect(Number(second?.ticket.ticketNo.slice(8))).toBe(Number(first?.ticket.ticketNo.slice(8)) + 1);
  });

  it('rolls back a failing intake alone: the others in its batch still commit', async () => {
    // A batch write that refuses one of its items, as a failing multi-row insert would.
    const group = new GroupCommit<string, string>(
      h.deps.db,
      async (tx, titles) => {
        await tx.insert(kbEntries).values(titles.map((title) => ({ title, answer: 'x' })));
        const bad = titles.find((t) => t === 'gc-c');
        if (bad) throw new Error(`refused ${bad}`);
        return titles;
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const settled = await Promise.allSettled(['gc-a', 'gc-b', 'gc-c', 'gc-d'].map((t) => group.run(t)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await h.deps.db
      .select({ title: kbEntries.title })
      .from(kbEntries)
      .where(like(kbEntries.title, 'gc-%'));
    expect(rows.map((r) => r.title).sort()).toEqual(['gc-a', 'gc-b', 'gc-d']);
  });

  it('treats a deferred statement that fails behind the COMMIT as a failed batch, and keeps nothing of it', async () => {
    // The last statement is handed to defer, so the COMMIT is sent before its result is known. For 'gc-z' it
    // fails in PostgreSQL (division by zero), which turns that COMMIT into a rollback.
    const group = new GroupCommit<string, string>(
      h.deps.db,
      async (tx, titles, defer) => {
        await tx.insert(kbEntries).values(titles.map((title) => ({ title, answer: 'x' })));
        const divisor = titles.includes('gc-z') ? 0 : 1;
        defer(sql`select 1 / ${divisor}::int`);
        return titles;
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const settled = await Promise.allSettled(['gc-x', 'gc-y', 'gc-z'].map((t) => group.run(t)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const rows = await h.deps.db
      .select({ title: kbEntries.title })
      .from(kbEntries)
      .where(inArray(kbEntries.title, ['gc-x', 'gc-y', 'gc-z']));
    expect(rows.map((r) => r.title).sort()).toEqual(['gc-x', 'gc-y']);
  });

  it('plans batch statements for indexes and without JIT, for that transaction only', async () => {
    const setting = async (tx: Pick<typeof h.deps.db, 'execute'>) => {
      const rows = (await tx.execute(
        sql`select current_setting('enable_seqscan') as seq, current_setting('jit') as jit`,
      )) as unknown as Array<{ seq: string; jit: string }>;
      return rows[0];
    };
    const group = new GroupCommit<number, { seq: string; jit: string } | undefined>(
      h.deps.db,
      async (tx, items) => {
        const s = await setting(tx);
        return items.map(() => s);
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    expect(await group.run(1)).toEqual({ seq: 'off', jit: 'off' });
    // Set locally: the pool's connections keep the defaults for everything else.
    expect((await h.deps.db.transaction((tx) => setting(tx)))?.seq).toBe('on');
  });

  it('numbers simultaneous intakes without duplicates or gaps, alongside the foundation allocator', async () => {
    const at = h.clock.now();
    const [web, agents] = await Promise.all([
      Promise.all(Array.from({ length: 60 }, (_, i) => complain({ phone: newPhone(), content: `第${i}号路灯不亮了` }))),
      Promise.all(Array.from({ length: 5 }, () => allocateTicketNo(h.deps.db, at))),
    ]);
    const nos = [...(await Promise.all(web.map(async (r) => (await r.json()).ticketNo as string))), ...agents];
    expect(new Set(nos).size).toBe(65);
    for (const no of nos) expect(no).toMatch(/^20261123\d{6}$/);
    // Batches take their numbers in their own transaction: nothing taken is lost, so the 65 are consecutive.
    const seqs = nos.map((n) => Number(n.slice(8))).sort((a, b) => a - b);
    expect((seqs.at(-1) ?? 0) - (seqs[0] ?? 0)).toBe(64);
  });
});
