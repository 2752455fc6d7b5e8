import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, ticketEvents, tickets, windowReports } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

/** The centre's desk work around intake: window reports, knowledge base, direct answers, repeats, clusters. */
let h: Harness;
let ref: ReferenceIds;
let agent: string;
let dispatcher: string;
let supervisor: string;
let clerk: string;

beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMIT_DISABLED: '1' } });
  ref = await seedCity(h);
  [agent, dispatcher, supervisor, clerk] = await Promise.all(
    ['agent1', 'dispatcher1', 'supervisor1', 'clerk1'].map((u) => h.login(u)),
  );
});
afterAll(() => h.close());

const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  h.request('POST', path, { token, body, headers });
const get = (path: string, token: string) => h.request('GET', path, { token });
const actions = async (ticketId: number) =>
  (await h.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id)).map(
    (e) => e.action,
  );
const ticket = async (id: number) => must((await h.deps.db.select().from(tickets).where(eq(tickets.id, id)))[0]);
/** The direct answers queued for a ticket's citizen. */
const sentAnswers = async (ticketId: number) =>
  (
    await h.deps.db
      .select({ to: messages.toAddr, body: messages.body })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.template, 'ticket.answered')))
  ).map((m) => `${m.to} ${m.body}`);

describe('window reports (办不成事反映窗口)', () => {
  const report = {
    hall: '市民之家',
    window: 'B12',
    serviceItem: '新生儿医保参保登记',
    reason: 'refused',
    content: '窗口要求提供户口本原件，但户口还没办下来，说不给办',
    phone: '13907345566',
    name: '周女士',
  };

  it("becomes a window-channel complaint flagged for review, with the clerk's report", async () => {
    const dept = must(ref.unitByCode.get('YBJ'));
    const res = await post(
      '/api/intake/window-reports',
      clerk,
      { ...report, departmentId: dept },
      { 'idempotency-key': 'wr-1' },
    );
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r).toMatchObject({
      hall: '市民之家',
      reason: 'refused',
      reasonLabel: '不给办',
      departmentName: '市医疗保障局',
      reviewStatus: 'pending',
      ticketStatus: 'registered',
    });
    const t = await ticket(r.ticketId);
    expect(t).toMatchObject({ channel: 'window', type: 'complaint', title: '【不给办】新生儿医保参保登记' });
    expect(t.extra).toMatchObject({ needsReview: true, window: { hall: '市民之家', window: 'B12' } });
    const again = await post(
      '/api/intake/window-reports',
      clerk,
      { ...report, departmentId: dept },
      { 'idempotency-key': 'wr-1' },
    );
    expect((await again.json()).id).toBe(r.id);
  });

  it('keeps an anonymous citizen anonymous and refuses a phone with anonymity', async () => {
    const res = await post('/api/intake/window-reports', clerk, { ...report, phone: undefined, anonymous: true });
    expect(res.status).toBe(201);
    expect((await ticket((await res.json()).ticketId)).contactId).toBeNull();
    const bad = await post('/api/intake/window-reports', clerk, { ...report, anonymous: true });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe('phone');
    const missing = await post('/api/intake/window-reports', clerk, { reason: 'nope' });
    const paths = (await missing.json()).error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['hall', 'window', 'serviceItem', 'reason', 'content']));
  });

  it('is listed for the centre, only their own for a clerk, and reviewed once', async () => {
    const list = await get('/api/intake/window-reports?reviewStatus=pending', dispatcher);
    const rows = await list.json();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const other = await h.login('agent2');
    expect((await get('/api/intake/window-reports', other)).status).toBe(200);
    expect((await post('/api/intake/window-reports', agent, report)).status).toBe(403);
    const id = rows[0].id;
    const reviewed = await post(`/api/intake/window-reports/${id}/review`, dispatcher, {
      outcome: 'dispatch',
      note: '属实，派医保局限期办理',
    });
    expect(await reviewed.json()).toMatchObject({ reviewStatus: 'reviewed', reviewOutcome: 'dispatch' });
    expect((await post(`/api/intake/window-reports/${id}/review`, dispatcher, { outcome: 'no_action' })).status).toBe(
      409,
    );
    expect(await actions(rows[0].ticketId)).toContain('ticket.window_reviewed');
    expect((await post(`/api/intake/window-reports/${id}/review`, clerk, { outcome: 'no_action' })).status).toBe(403);
    const [row] = await h.deps.db.select().from(windowReports).where(eq(windowReports.id, id));
    expect(row?.reviewNote).toBe('属实，派医保局限期办理');
  });
});

describe('window review outcomes that end the matter', () => {
  const fileReport = async (extra: Record<string, unknown>) => {
    const res = await post('/api/intake/window-reports', clerk, {
      hall: '市民之家',
      window: 'A3',
      serviceItem: '营业执照变更',
      reason: 'hard',
      content: '窗口说变更登记要先去税务注销发票，来回跑了两趟',
      ...extra,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; ticketId: number };
  };

  it('answered: the note is the answer, the ticket closes as a direct answer and the citizen is told', async () => {
    const r = await fileReport({ phone: '13907341122', name: '吴先生' });
    const noNote = await post(`/api/intake/window-reports/${r.id}/review`, dispatcher, { outcome: 'answered' });
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).error.fields[0].path).toBe('note');
    expect((await ticket(r.ticketId)).status).toBe('registered');
    const answer = '已电话联系市民：变更登记与发票注销可在“一件事”窗口同时办理，无需往返。';
    const res = await post(`/api/intake/window-reports/${r.id}/review`, dispatcher, {
      outcome: 'answered',
      note: answer,
    });
    expect(res.status).toBe(200);
    expect(await ticket(r.ticketId)).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
    expect(await actions(r.ticketId)).toEqual(
      expect.arrayContaining(['ticket.window_reviewed', 'ticket.answered_directly', 'ticket.closed']),
    );
    expect((await sentAnswers(r.ticketId)).join()).toContain('一件事');
  });

  it('no_action on an anonymous report closes it with nobody to tell; a dispatched ticket keeps its course', async () => {
    const anon = await fileReport({ anonymous: true });
    const res = await post(`/api/intake/window-reports/${anon.id}/review`, dispatcher, {
      outcome: 'no_action',
      note: '经核实，窗口已按规定一次性告知所需材料。',
    });
    expect(res.status).toBe(200);
    expect(await ticket(anon.ticketId)).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
    expect(await sentAnswers(anon.ticketId)).toEqual([]);
    const sent = await fileReport({ phone: '13907343344' });
    const dispatched = await post(`/api/tickets/${sent.ticketId}/dispatch`, dispatcher, {
      unitId: must(ref.unitByCode.get('SCJGJ')),
    });
    expect(dispatched.status).toBe(201);
    const late = await post(`/api/intake/window-reports/${sent.id}/review`, dispatcher, {
      outcome: 'answered',
      note: '已向市民解释。',
    });
    expect(late.status).toBe(200);
    expect((await ticket(sent.ticketId)).status).toBe('dispatched');
  });
});

describe('knowledge base and direct answers', () => {
  let entryId: number;

  it('is written by supervisors and searched by Chinese words', async () => {
    expect((await post('/api/intake/kb', agent, { title: 'x', answer: 'y' })).status).toBe(403);
    const res = await post('/api/intake/kb', supervisor, {
      title: '居住证办理需要哪些材料',
      answer: '本人身份证、居住证明（租房合同或房产证）、一寸照片，到居住地社区服务中心办理。',
      keywords: '居住证 暂住证',
    });
    expect(res.status).toBe(201);
    entryId = (await res.json()).id;
    const found = await (await get(`/api/intake/kb?q=${encodeURIComponent('暂住证怎么办')}`, agent)).json();
    expect(found.map((e: { id: number }) => e.id)).toContain(entryId);
    const none = await (await get(`/api/intake/kb?q=${encodeURIComponent('公积金')}`, agent)).json();
    expect(none).toEqual([]);
    const upd = await h.request('PUT', `/api/intake/kb/${entryId}`, {
      token: supervisor,
      body: { answer: '本人身份证、居住证明、一寸照片，到社区服务中心办理，当场受理。', version: 1 },
    });
    expect(await upd.json()).toMatchObject({ version: 2 });
    const stale = await h.request('PUT', `/api/intake/kb/${entryId}`, {
      token: supervisor,
      body: { title: 'x', version: 1 },
    });
    expect(stale.status).toBe(409);
  });

  it('closes a registered ticket as a direct answer from an entry, with both events', async () => {
    const created = await post('/api/tickets', agent, {
      type: 'consultation',
      content: '居住证怎么办理',
      phone: '13907340101',
    });
    const t = await created.json();
    const res = await post(`/api/tickets/${t.id}/direct-answer`, agent, { kbEntryId: entryId });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
    expect(await actions(t.id)).toEqual(['ticket.created', 'ticket.answered_directly', 'ticket.closed']);
    // The caller heard the answer on the phone: no message.
    expect(await sentAnswers(t.id)).toEqual([]);
    const again = await post(`/api/tickets/${t.id}/direct-answer`, agent, { answer: '再答一次' });
    expect(again.status).toBe(409);
    const entry = await (await get(`/api/intake/kb/${entryId}`, agent)).json();
    expect(entry.useCount).toBe(1);
  });

  it('registers and closes in one step, and names what is missing', async () => {
    const res = await post('/api/intake/direct-answers', agent, {
      type: 'consultation',
      content: '社保卡丢了怎么补办',
      phone: '13907340102',
      answer: '携带身份证到任一社保服务网点补办，或在“回音人社”小程序申请邮寄。',
    });
    expect(res.status).toBe(201);
    const t = await res.json();
    expect(t).toMatchObject({ status: 'closed', closeReason: 'direct_answer', channel: 'phone' });
    const missing = await post('/api/intake/direct-answers', agent, { type: 'consultation', content: '问个事' });
    expect((await missing.json()).error.fields[0].path).toBe('answer');
    const badKb = await post(`/api/tickets/${t.id}/direct-answer`, agent, { kbEntryId: 999_999 });
    expect(badKb.status).toBe(409);
  });

  it('deletes an entry; the answer stays in the ticket history', async () => {
    const del = await h.request('DELETE', `/api/intake/kb/${entryId}`, { token: supervisor });
    expect(del.status).toBe(200);
    expect((await get(`/api/intake/kb/${entryId}`, agent)).status).toBe(404);
  });
});

describe('repeats', () => {
  const phone = '13907349999';
  const complain = (content: string, categoryId?: number) =>
    h.request('POST', '/api/public/complaints', { body: { phone, content, categoryId } });

  it("links the same citizen's same matter automatically, counts it, and does not dispatch it again", async () => {
    const cat = must(ref.leafIds.get('路灯'));
    const a = await (await complain('幸福路12号路灯坏了一个星期，晚上很黑', cat)).json();
    h.clock.advance(3 * 86_400_000);
    const b = await (await complain('幸福路12号路灯还是坏的，晚上很黑，请尽快修', cat)).json();
    const [ta] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, a.ticketNo));
    const [tb] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, b.ticketNo));
    expect(tb).toMatchObject({ repeatOfId: ta?.id, status: 'merged' });
    expect(await actions(must(tb).id)).toEqual(['ticket.created', 'ticket.repeat_linked', 'message.queued']);
    const c = await (await complain('幸福路12号路灯坏了一个星期，晚上很黑', must(ref.leafIds.get('井盖缺失')))).json();
    const [tc] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, c.ticketNo));
    expect(tc?.repeatOfId).toBeNull();
    h.clock.advance(-3 * 86_400_000); // bearer tokens live 12 hours
  });

  it('checks an agent registration (POST /api/tickets) too, unless the agent opts out for it', async () => {
    const caller = '13907348888';
    const cat = must(ref.leafIds.get('路灯'));
    const register = async (body: Record<string, unknown>) => {
      const res = await post('/api/tickets', agent, { type: 'help', categoryId: cat, ...body });
      expect(res.status).toBe(201);
      return res.json();
    };
    const first = await register({ phone: caller, content: '东湖小区3栋楼道灯坏了半个月，晚上上下楼看不见' });
    expect(first).toMatchObject({ status: 'registered', repeatOfId: null, repeat: null });

    // The same caller on the same matter an hour later (number typed differently): linked and merged.
    h.clock.advance(3_600_000);
    const again = await register({
      phone: '+86 139-0734-8888',
      content: '东湖小区3栋楼道灯还是坏的，晚上上下楼看不见，请尽快修',
    });
    expect(again).toMatchObject({
      status: 'merged',
      repeatOfId: first.id,
      repeat: { originalId: first.id, originalTicketNo: first.ticketNo, merged: true },
    });
    expect(await actions(again.id)).toEqual(['ticket.created', 'ticket.repeat_linked']);
    const [linked] = await h.deps.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, again.id), eq(ticketEvents.action, 'ticket.repeat_linked')));
    expect(linked).toMatchObject({ fromStatus: 'registered', toStatus: 'merged' });
    expect(linked?.payload).toMatchObject({
      originalId: first.id,
      originalTicketNo: first.ticketNo,
      auto: true,
      merged: true,
    });

    // The agent knows better for this one registration: no check, a ticket of its own.
    const optedOut = await register({
      phone: caller,
      content: '东湖小区3栋楼道灯还是坏的，晚上上下楼看不见，请尽快修',
      checkRepeat: false,
    });
    expect(optedOut).toMatchObject({ status: 'registered', repeatOfId: null, repeat: null });
    expect(await actions(optedOut.id)).toEqual(['ticket.created']);

    // Another matter of the same caller is not a repeat, nor is a caller without a number.
    const other = await register({ phone: caller, content: '小区南门外的主干道路灯白天也一直亮着，浪费电' });
    expect(other).toMatchObject({ status: 'registered', repeatOfId: null, repeat: null });
    const anonymous = await register({ content: '东湖小区3栋楼道灯坏了半个月，晚上上下楼看不见' });
    expect(anonymous).toMatchObject({ status: 'registered', repeatOfId: null, repeat: null });
    h.clock.advance(-3_600_000);
  });

  it('lets an agent see candidates, link by hand to the root, and a dispatcher unlink', async () => {
    const x = await (await complain('楼下烧烤店油烟很大，窗户都不能开')).json();
    h.clock.advance(86_400_000);
    const y = await (await complain('隔壁装修每天早上七点就开始电钻')).json();
    const [tx] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, x.ticketNo));
    const [ty] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, y.ticketNo));
    expect(ty?.repeatOfId).toBeNull();
    h.clock.advance(-86_400_000);
    const cands = await (await get(`/api/tickets/${ty?.id}/repeat-candidates`, agent)).json();
    expect(cands.map((c: { id: number }) => c.id)).toContain(tx?.id);
    const linked = await post(`/api/tickets/${ty?.id}/repeat-of`, agent, { originalId: tx?.id });
    expect(await linked.json()).toMatchObject({ repeatOfId: tx?.id, status: 'merged' });
    expect((await post(`/api/tickets/${ty?.id}/repeat-of`, agent, { originalId: tx?.id })).status).toBe(409);
    expect((await post(`/api/tickets/${ty?.id}/repeat-of`, agent, { originalId: 999_999 })).status).toBe(400);
    const unlinked = await h.request('DELETE', `/api/tickets/${ty?.id}/repeat-of`, {
      token: dispatcher,
      body: { reason: '不是同一件事' },
    });
    expect(await unlinked.json()).toMatchObject({ repeatOfId: null, status: 'registered' });
    expect(await actions(must(ty).id)).toContain('ticket.repeat_unlinked');
  });
});

describe('clusters', () => {
  const report = (phone: string, address: string, categoryId: number) =>
    h.request('POST', '/api/public/complaints', {
      body: { phone, content: '这里的井盖不见了，很危险，晚上有人差点掉进去', address, categoryId },
    });

  it('proposes a cluster for several citizens at one place, and a dispatcher confirms it', async () => {
    const cat = must(ref.leafIds.get('井盖缺失'));
    const nos: string[] = [];
    for (const [i, addr] of ['城西区人民路88号', '城西区人民路88号附近', '城西区 人民路 88号门口'].entries()) {
      nos.push((await (await report(`1390734700${i}`, addr, cat)).json()).ticketNo);
      h.clock.advance(20 * 60_000);
    }
    await report('13907347009', '高新区白沙路1号', cat);
    const ids = await Promise.all(
      nos.map(async (no) => must((await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, no)))[0]).id),
    );
    const pending = await (await get(`/api/intake/clusters?pending=true&ticketId=${ids[0]}`, dispatcher)).json();
    expect(pending).toHaveLength(1);
    const cluster = await (await get(`/api/intake/clusters/${pending[0].id}`, dispatcher)).json();
    expect(cluster).toMatchObject({ status: 'proposed', memberCount: 3, categoryId: cat });
    expect(cluster.members.map((m: { ticketId: number }) => m.ticketId).sort()).toEqual([...ids].sort());
    // Nothing changes on the tickets before a dispatcher decides.
    expect((await ticket(must(ids[1]))).clusterId).toBeNull();

    expect((await post(`/api/intake/clusters/${cluster.id}/confirm`, agent, {})).status).toBe(403);
    const confirmed = await (
      await post(`/api/intake/clusters/${cluster.id}/confirm`, dispatcher, { leadTicketId: ids[0] })
    ).json();
    expect(confirmed).toMatchObject({ status: 'confirmed', leadTicketId: ids[0], pendingCount: 0 });
    const [lead, m1, m2] = await Promise.all(ids.map((id) => ticket(id)));
    expect(lead).toMatchObject({ clusterId: cluster.id, status: 'registered' });
    expect(m1).toMatchObject({ clusterId: cluster.id, status: 'merged' });
    expect(m2).toMatchObject({ clusterId: cluster.id, status: 'merged' });
    expect(await actions(must(ids[1]))).toContain('ticket.cluster_joined');

    const removed = await h.request('DELETE', `/api/intake/clusters/${cluster.id}/members/${ids[2]}`, {
      token: dispatcher,
      body: { reason: '不是同一处' },
    });
    expect((await removed.json()).memberCount).toBe(2);
    expect(await ticket(must(ids[2]))).toMatchObject({ clusterId: null, status: 'registered' });
    const leadOut = await h.request('DELETE', `/api/intake/clusters/${cluster.id}/members/${ids[0]}`, {
      token: dispatcher,
      body: { reason: 'x' },
    });
    expect(leadOut.status).toBe(409);
  });

  it("refuses to close a confirmed cluster's lead by a direct answer while members are merged into it", async () => {
    const cat = must(ref.leafIds.get('井盖缺失'));
    const nos: string[] = [];
    for (const [i, addr] of ['城东区建设路12号', '城东区建设路12号对面'].entries()) {
      nos.push((await (await report(`1390734810${i}`, addr, cat)).json()).ticketNo);
      h.clock.advance(5 * 60_000);
    }
    const [lead, member] = await Promise.all(
      nos.map(async (no) => must((await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, no)))[0]).id),
    );
    const [pending] = await (await get(`/api/intake/clusters?pending=true&ticketId=${lead}`, dispatcher)).json();
    expect((await post(`/api/intake/clusters/${pending.id}/confirm`, dispatcher, { leadTicketId: lead })).status).toBe(
      200,
    );
    const refused = await post(`/api/tickets/${lead}/direct-answer`, agent, { answer: '已通知维修，今晚修好' });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error.message).toContain('群体事件的主单');
    expect(body.error.mergedTicketIds).toEqual([member]);
    expect(await ticket(must(lead))).toMatchObject({ status: 'registered' });
    // Once the member is out of the cluster (back to registered, to be handled on its own), the lead may close.
    await h.request('DELETE', `/api/intake/clusters/${pending.id}/members/${member}`, {
      token: dispatcher,
      body: { reason: '另行办理' },
    });
    expect((await post(`/api/tickets/${lead}/direct-answer`, agent, { answer: '已通知维修，今晚修好' })).status).toBe(
      200,
    );
    expect(await ticket(must(lead))).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
  });

  it("closes a confirmed cluster's lead and its merged members with one direct answer when asked to", async () => {
    const cat = must(ref.leafIds.get('井盖缺失'));
    const phones = ['13907348200', '13907348201', '13907348202'];
    const nos: string[] = [];
    for (const [i, phone] of phones.entries()) {
      nos.push((await (await report(phone, `城西区胜利路${8 + i}号`, cat)).json()).ticketNo);
      h.clock.advance(5 * 60_000);
    }
    const ids = await Promise.all(
      nos.map(async (no) => must((await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, no)))[0]).id),
    );
    const [lead, m1, m2] = ids.map((id) => must(id));
    const [pending] = await (await get(`/api/intake/clusters?pending=true&ticketId=${lead}`, dispatcher)).json();
    await post(`/api/intake/clusters/${pending.id}/confirm`, dispatcher, { leadTicketId: lead });
    // The second citizen's report goes its own way before the answer: it is not answered with the cluster.
    await h.request('DELETE', `/api/intake/clusters/${pending.id}/members/${m1}`, {
      token: dispatcher,
      body: { reason: '另行办理' },
    });
    const answer = '胜利路井盖已由市政公司今日更换，现已恢复通行。';
    const res = await post(`/api/tickets/${lead}/direct-answer`, dispatcher, { answer, answerCluster: true });
    expect(res.status).toBe(200);
    for (const id of [lead, m2]) {
      expect(await ticket(id)).toMatchObject({ status: 'closed', closeReason: 'direct_answer' });
      expect((await actions(id)).slice(-3)).toEqual(['ticket.answered_directly', 'ticket.closed', 'message.queued']);
    }
    const [memberEvent] = await h.deps.db
      .select({ payload: ticketEvents.payload })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, m2), eq(ticketEvents.action, 'ticket.answered_directly')));
    expect(memberEvent?.payload).toMatchObject({ answer, leadTicketId: lead, clusterId: pending.id });
    // Every citizen who wrote in is sent the answer; none of them was on a call.
    expect(await sentAnswers(lead)).toEqual([expect.stringMatching(/^\+8613907348200 .*已答复办结：胜利路井盖/)]);
    expect(await sentAnswers(m2)).toEqual([expect.stringMatching(/^\+8613907348202 .*已答复办结：胜利路井盖/)]);
    // The removed one is untouched, still waiting for its own dispatch.
    expect(await ticket(m1)).toMatchObject({ status: 'registered', clusterId: null });
    expect(await sentAnswers(m1)).toEqual([]);
    // The member's own status page shows the answer.
    const m2Row = await ticket(m2);
    const page = await (await h.request('GET', `/api/public/tickets/${m2Row.ticketNo}?code=${m2Row.queryCode}`)).json();
    expect(page).toMatchObject({ statusLabel: '已办结', reply: answer });
  });

  it("proposes a cluster for an agent's registration too, as for the citizens' own channels", async () => {
    const cat = must(ref.leafIds.get('井盖缺失'));
    const web = await (await report('13907349001', '城南区解放路200号', cat)).json();
    h.clock.advance(30 * 60_000);
    const res = await post('/api/tickets', agent, {
      channel: 'phone',
      type: 'complaint',
      content: '解放路200号门口井盖没了，车差点掉进去',
      address: '城南区解放路200号门口',
      categoryId: cat,
      phone: '13907349002',
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.proposedClusterId).toEqual(expect.any(Number));
    const cluster = await (await get(`/api/intake/clusters/${created.proposedClusterId}`, dispatcher)).json();
    expect(cluster).toMatchObject({ status: 'proposed', memberCount: 2, categoryId: cat });
    const [first] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, web.ticketNo));
    expect(cluster.members.map((m: { ticketId: number }) => m.ticketId).sort()).toEqual([first?.id, created.id].sort());
    // Somewhere else: no proposal.
    const alone = await post('/api/tickets', agent, {
      channel: 'phone',
      type: 'complaint',
      content: '井盖缺失',
      address: '城北区长江路5号',
      categoryId: cat,
      phone: '13907349003',
    });
    expect((await alone.json()).proposedClusterId).toBeNull();
  });

  it('lets a dispatcher group tickets by hand and reject a proposal', async () => {
    const cat = must(ref.leafIds.get('路灯'));
    const a = await (await report('13907348001', '东风路1号', cat)).json();
    const b = await (await report('13907348002', '西湖路9号', cat)).json();
    const [ta] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, a.ticketNo));
    const [tb] = await h.deps.db.select().from(tickets).where(eq(tickets.ticketNo, b.ticketNo));
    const made = await post('/api/intake/clusters', dispatcher, { ticketIds: [ta?.id, tb?.id], title: '东风路停电' });
    expect(made.status).toBe(201);
    const c = await made.json();
    expect((await post('/api/intake/clusters', dispatcher, { ticketIds: [ta?.id] })).status).toBe(400);
    const rejected = await post(`/api/intake/clusters/${c.id}/reject`, dispatcher, { reason: '两处无关' });
    expect(await rejected.json()).toMatchObject({ status: 'rejected' });
    expect((await post(`/api/intake/clusters/${c.id}/confirm`, dispatcher, {})).status).toBe(409);
  });
});
