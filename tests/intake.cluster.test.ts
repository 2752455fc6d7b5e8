import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, revisits, slaClocks, ticketEvents, tickets } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { passLeadReplyToCluster } from '../services/dispatch/clusterReply.ts';
import { runDispatchTx } from '../services/dispatch/index.ts';
import { publicTicketStatus } from '../services/intake/publicStatus.ts';
import { call, categoryId, eventsOf, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must } from './helpers/seed.ts';

/**
 * 群体事件 end to end through the HTTP API: three citizens report one incident, a dispatcher confirms the
 * cluster, one dispatch serves it, and when the centre accepts the unit's reply every citizen gets that
 * reply, an event of their own, their own SMS and their own revisit. A dissatisfied member is re-handled
 * alone; a citizen confirmed into an answered cluster is answered at once.
 */
let h: Harness;
let ref: ReferenceIds;

const REPLY = '井盖已补装到位，周边已设置警示标志，后续纳入日常巡查。';
const PLACES = ['城西区人民路88号', '城西区人民路88号附近', '城西区 人民路 88号门口'];
const PHONES = ['13907351001', '13907351002', '13907351003'];

interface Reported {
  id: number;
  ticketNo: string;
  queryCode: string;
  phone: string;
}
const reported: Reported[] = [];
let clusterId = 0;
let leadDispatchId = 0;

beforeAll(async () => {
  h = await createHarness({ now: sh('2026-11-23 09:30').toISOString(), env: { RATE_LIMIT_DISABLED: '1' } }); // Monday
  ref = await seedDispatchCity(h);
});
afterAll(() => h.close());

async function login(user: string): Promise<string> {
  return h.login(user);
}

/** A citizen's web complaint about the missing manhole cover. */
async function report(phone: string, address: string): Promise<Reported> {
  const res = await h.request('POST', '/api/public/complaints', {
    body: {
      phone,
      content: '这里的井盖不见了，很危险，晚上有人差点掉进去',
      address,
      categoryId: categoryId(ref, '井盖缺失'),
    },
  });
  expect(res.status).toBe(201);
  const { ticketNo, queryCode } = await res.json();
  const [t] = await h.deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.ticketNo, ticketNo));
  return { id: must(t).id, ticketNo, queryCode, phone };
}

async function ticketRow(id: number) {
  return must((await h.deps.db.select().from(tickets).where(eq(tickets.id, id)))[0]);
}

const actionsOf = async (id: number) => (await eventsOf(h, id)).map((e) => e.action);

async function revisitSms(ticketId: number) {
  return h.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'out'), eq(messages.template, 'revisit.sms')));
}

async function revisitsOf(ticketId: number) {
  return h.deps.db.select().from(revisits).where(eq(revisits.ticketId, ticketId)).orderBy(asc(revisits.id));
}

/** Everything the acceptance writes per ticket, to show a re-run adds nothing. */
async function footprint(ids: number[]) {
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    events: await count(h.deps.db.select().from(ticketEvents).where(inArray(ticketEvents.ticketId, ids))),
    messages: await count(h.deps.db.select().from(messages).where(inArray(messages.ticketId, ids))),
    revisits: await count(h.deps.db.select().from(revisits).where(inArray(revisits.ticketId, ids))),
    clocks: await count(h.deps.db.select().from(slaClocks).where(inArray(slaClocks.ticketId, ids))),
  };
}

describe('a confirmed cluster answers every citizen', () => {
  it('three reports → one dispatch → reply accepted → every ticket has the reply, its event, its SMS and its revisit', async () => {
    for (const [i, phone] of PHONES.entries()) {
      reported.push(await report(phone, must(PLACES[i])));
      h.clock.advance(10 * 60_000);
    }
    const [lead, m1, m2] = reported.map((r) => r.id) as [number, number, number];

    // The dispatcher confirms the proposal with the first report as the lead.
    const dispatcher = await login('dispatcher1');
    const pending = await call(h, 'GET', `/api/intake/clusters?pending=true&ticketId=${lead}`, dispatcher);
    expect(pending.body).toHaveLength(1);
    clusterId = pending.body[0].id;
    const confirmed = await call(h, 'POST', `/api/intake/clusters/${clusterId}/confirm`, dispatcher, {
      leadTicketId: lead,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', leadTicketId: lead, memberCount: 3 });
    expect(await ticketRow(m1)).toMatchObject({ status: 'merged', clusterId });

    // One dispatch serves the cluster: the members are not dispatched themselves.
    const cgj = unitId(ref, 'CGJ');
    const d = await call(h, 'POST', `/api/tickets/${lead}/dispatch`, dispatcher, { unitId: cgj });
    expect(d.status).toBe(201);
    leadDispatchId = d.body.dispatches[0].id;
    expect((await call(h, 'POST', `/api/tickets/${m1}/dispatch`, dispatcher, { unitId: cgj })).status).toBe(409);

    h.clock.advance(30 * 60_000);
    const unit = await login('cgj');
    expect((await call(h, 'POST', `/api/dispatches/${leadDispatchId}/sign`, unit)).status).toBe(200);
    h.clock.advance(3 * 3_600_000);
    const replied = await call(h, 'POST', `/api/dispatches/${leadDispatchId}/reply`, unit, {
      result: 'resolved',
      publicText: REPLY,
    });
    expect(replied.status).toBe(200);
    // An unreviewed reply is not passed on.
    expect(await ticketRow(m1)).toMatchObject({ status: 'merged' });
    expect(await actionsOf(m1)).not.toContain('ticket.cluster_reply');

    h.clock.advance(30 * 60_000);
    const acceptedAt = h.clock.now();
    const accepted = await call(h, 'POST', `/api/dispatches/${leadDispatchId}/review`, dispatcher, {
      decision: 'accept',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    for (const r of reported) {
      const t = await call(h, 'GET', `/api/tickets/${r.id}`, dispatcher);
      expect(t.body, `ticket ${r.id}`).toMatchObject({ status: 'revisit', clusterId });

      // Its own revisit, revisiting the lead's dispatch, with its own running revisit clock.
      const rv = await revisitsOf(r.id);
      expect(rv).toHaveLength(1);
      expect(rv[0]).toMatchObject({ status: 'open', method: 'sms', dispatchId: leadDispatchId });
      const clocks = await call(h, 'GET', `/api/tickets/${r.id}/clocks`, dispatcher);
      const revisitClock = clocks.body.find((c: { kind: string }) => c.kind === 'revisit');
      expect(revisitClock).toMatchObject({ status: 'running' });
      expect(new Date(revisitClock.startedAt)).toEqual(acceptedAt);

      // Its own SMS to its own citizen, quoting the reply.
      const sms = await revisitSms(r.id);
      expect(sms).toHaveLength(1);
      expect(sms[0]?.toAddr).toBe(`+86${r.phone}`);
      expect(sms[0]?.body).toContain(REPLY);

      // The citizen's status page shows the reply.
      const pub = await publicTicketStatus(h.deps, r.ticketNo, r.queryCode);
      expect(pub.reply).toBe(REPLY);
      expect(pub.timeline.map((m) => m.label)).toContain('承办单位已答复');
    }

    // The lead's own handling clock stopped at the reply, as for any ticket.
    const leadClocks = await call(h, 'GET', `/api/tickets/${lead}/clocks`, dispatcher);
    expect(leadClocks.body.find((c: { kind: string }) => c.kind === 'handle')).toMatchObject({ status: 'stopped' });

    // Each member: merged → replied (its own event, carrying the lead) → revisit, in the acceptance's transaction.
    for (const m of [m1, m2]) {
      const events = await eventsOf(h, m);
      const passed = events.filter((e) => e.action === 'ticket.cluster_reply');
      expect(passed).toHaveLength(1);
      expect(passed[0]).toMatchObject({
        fromStatus: 'merged',
        toStatus: 'replied',
        unitId: cgj,
        at: acceptedAt,
        payload: expect.objectContaining({
          clusterId,
          leadTicketId: lead,
          leadTicketNo: reported[0]?.ticketNo,
          dispatchId: leadDispatchId,
          result: 'resolved',
          summary: REPLY,
        }),
      });
      const tail = events.slice(events.indexOf(must(passed[0])));
      expect(tail.map((e) => e.action)).toEqual(['ticket.cluster_reply', 'revisit.due', 'message.queued']);
      expect(tail.every((e) => e.at.getTime() === acceptedAt.getTime())).toBe(true);
      expect(await actionsOf(m)).not.toContain('dispatch.created');
    }
    // The lead itself gets no cluster event.
    expect(await actionsOf(lead)).not.toContain('ticket.cluster_reply');
  });

  it('passes nothing twice: a second acceptance is refused and a re-run adds nothing', async () => {
    const ids = reported.map((r) => r.id);
    const before = await footprint(ids);
    const dispatcher = await login('dispatcher1');
    expect(
      (await call(h, 'POST', `/api/dispatches/${leadDispatchId}/review`, dispatcher, { decision: 'accept' })).status,
    ).toBe(409);
    const again = await runDispatchTx(h.deps, (tx) =>
      passLeadReplyToCluster(
        tx,
        h.deps,
        { leadTicketId: must(ids[0]), actor: { id: null, kind: 'system' } },
        h.clock.now(),
      ),
    );
    expect(again).toEqual([]);
    // Confirming the cluster again (no new member) passes nothing either.
    expect((await call(h, 'POST', `/api/intake/clusters/${clusterId}/confirm`, dispatcher, {})).status).toBe(200);
    expect(await footprint(ids)).toEqual(before);
  });

  it("re-handles a dissatisfied member alone, by the unit that answered; the others' revisits go on", async () => {
    const [lead, m1, m2] = reported.map((r) => r.id) as [number, number, number];
    h.clock.advance(30 * 60_000);
    const agent = await login('agent1');
    const [rv1] = await revisitsOf(m1);
    const dissatisfied = await call(h, 'POST', `/api/revisits/${must(rv1).id}/result`, agent, {
      result: 'dissatisfied',
      comment: '井盖装上了但还是松动，踩上去晃',
    });
    expect(dissatisfied.status).toBe(200);

    // The member gets its own dispatch (its first round) to the unit that answered the cluster.
    const own = await call(h, 'GET', `/api/tickets/${m1}/dispatches`, agent);
    expect(own.body).toHaveLength(1);
    expect(own.body[0]).toMatchObject({ unitId: unitId(ref, 'CGJ'), round: 1, role: 'lead', status: 'dispatched' });
    expect(await ticketRow(m1)).toMatchObject({ status: 'dispatched', clusterId });
    expect(await actionsOf(m1)).toContain('ticket.rehandle');

    // The lead and the other member are untouched: no new round, their revisits still open.
    const leadDispatches = await call(h, 'GET', `/api/tickets/${lead}/dispatches`, agent);
    expect(leadDispatches.body.map((x: { id: number }) => x.id)).toEqual([leadDispatchId]);
    for (const id of [lead, m2]) {
      expect(await ticketRow(id)).toMatchObject({ status: 'revisit' });
      expect((await revisitsOf(id)).map((r) => r.status)).toEqual(['open']);
      expect(await actionsOf(id)).not.toContain('ticket.rehandle');
    }

    // The lead's citizen is satisfied: only the lead closes.
    const [rvLead] = await revisitsOf(lead);
    expect(
      (await call(h, 'POST', `/api/revisits/${must(rvLead).id}/result`, agent, { result: 'satisfied' })).status,
    ).toBe(200);
    expect(await ticketRow(lead)).toMatchObject({ status: 'closed', closeReason: 'satisfied' });
    expect(await ticketRow(m2)).toMatchObject({ status: 'revisit' });

    // The member's own round runs like any ticket's and answers only that citizen.
    const dispatcher = await login('dispatcher1');
    const unit = await login('cgj');
    const ownId = own.body[0].id;
    expect((await call(h, 'POST', `/api/dispatches/${ownId}/sign`, unit)).status).toBe(200);
    const fix = '已更换井盖底座并加固，现场复查无松动。';
    expect(
      (await call(h, 'POST', `/api/dispatches/${ownId}/reply`, unit, { result: 'resolved', publicText: fix })).status,
    ).toBe(200);
    expect((await call(h, 'POST', `/api/dispatches/${ownId}/review`, dispatcher, { decision: 'accept' })).status).toBe(
      200,
    );
    expect(await ticketRow(m1)).toMatchObject({ status: 'revisit' });
    expect((await revisitsOf(m1)).map((r) => r.status)).toEqual(['done', 'open']);
    const sms = await revisitSms(m1);
    expect(sms.map((s) => s.body.includes(fix))).toEqual([false, true]);
    const m1Public = must(reported[1]);
    expect((await publicTicketStatus(h.deps, m1Public.ticketNo, m1Public.queryCode)).reply).toBe(fix);
    // The other member heard nothing new.
    expect((await revisitSms(m2)).length).toBe(1);
    expect((await actionsOf(m2)).filter((a) => a === 'ticket.cluster_reply')).toHaveLength(1);
  });

  it('answers a citizen confirmed into a cluster whose lead was already answered', async () => {
    const late = await report('13907351004', '城西区人民路88号');
    const dispatcher = await login('dispatcher1');
    const cluster = await call(h, 'GET', `/api/intake/clusters/${clusterId}`, dispatcher);
    expect(cluster.body.members.map((m: { ticketId: number }) => m.ticketId)).toContain(late.id);
    expect(await ticketRow(late.id)).toMatchObject({ status: 'registered', clusterId: null });

    const confirmed = await call(h, 'POST', `/api/intake/clusters/${clusterId}/confirm`, dispatcher, {});
    expect(confirmed.status).toBe(200);
    expect(await ticketRow(late.id)).toMatchObject({ status: 'revisit', clusterId });
    const actions = await actionsOf(late.id);
    expect(actions).toEqual(expect.arrayContaining(['ticket.cluster_joined', 'ticket.cluster_reply', 'revisit.due']));
    const sms = await revisitSms(late.id);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toContain(REPLY);
    expect((await revisitsOf(late.id))[0]).toMatchObject({ status: 'open', dispatchId: leadDispatchId });
  });
});
