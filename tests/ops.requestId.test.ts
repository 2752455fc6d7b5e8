import type { Job } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, slaClocks, ticketEvents } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { sweepOutbox } from '../workers/outbox/index.ts';
import { outboxProcessor } from '../workers/outbox/processor.ts';
import { timersProcessor } from '../workers/timers/processor.ts';
import { agentTicket, seedDispatchCity, unitId } from './helpers/dispatch.ts';
import { type Peers, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { capturingLogger } from './helpers/logs.ts';
import { must } from './helpers/seed.ts';

/**
 * One X-Request-Id from the HTTP request that dispatches a ticket into the jobs it causes: the sign clock's
 * timers (queued by the request itself) and the citizen's SMS (queued later by the outbox sweep, outside
 * any request). Each job is fetched from Redis as the producer left it and handed to the processor the
 * worker runs; the log lines and events the processors write carry the request id.
 */
let h: Harness;
let peers: Peers;
let ref: ReferenceIds;
let unregister: () => void;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: '2026-11-23T02:00:00Z' }); // Monday 10:00 in Shanghai
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
  // The production logger (createLogger), writing into this array instead of stdout.
  h.deps.logger = capturingLogger(lines);
});
afterAll(async () => {
  unregister();
  closeMailTransports();
  await h.close();
  await peers.close();
});

const REQUEST_ID = 'req-dispatch-7f3a';

async function dispatchWithRequestId(): Promise<{ ticketId: number; dispatchId: number }> {
  const agent = await h.login('agent1');
  const dispatcher = await h.login('dispatcher1');
  const t = await agentTicket(h, agent, { phone: '13912345678' });
  const res = await h.request('POST', `/api/tickets/${t.id}/dispatch`, {
    token: dispatcher,
    headers: { 'X-Request-Id': REQUEST_ID },
    body: { unitId: unitId(ref, 'CGJ') },
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('x-request-id')).toBe(REQUEST_ID);
  const body = (await res.json()) as { dispatches: Array<{ id: number; role: string }> };
  return { ticketId: t.id, dispatchId: must(body.dispatches.find((d) => d.role === 'lead')).id };
}

function linesOf(msg: string) {
  return lines.filter((l) => l.msg === msg);
}

describe('the request id of an HTTP request follows it into its jobs', () => {
  let ticketId: number;

  it('stamps the timer jobs the request queued, and the firing logs and records under that id', async () => {
    ({ ticketId } = await dispatchWithRequestId());
    const [clock] = await h.deps.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.kind, 'sign')));
    const dueAt = must(clock?.dueAt);
    const timers = h.deps.queues.queue('timers');
    // Warning before breach, as they would run (the breach's handler stops the clock).
    const jobs = (await timers.getDelayed())
      .filter((j) => j.id?.startsWith(`clk-${clock?.id}-`))
      .sort((a, b) => a.timestamp + a.delay - (b.timestamp + b.delay));
    expect(jobs.map((j) => j.id).sort()).toContain(`clk-${clock?.id}-breach-${dueAt.getTime()}`);
    for (const j of jobs) expect(j.data.requestId).toBe(REQUEST_ID);

    // The deadline passes (no sweep runs here): each job goes to the processor the timers worker runs.
    h.clock.set(new Date(dueAt.getTime() + 60_000));
    const run = timersProcessor(h.deps);
    for (const j of jobs) expect(await run(must(await timers.getJob(must(j.id))))).toBe('fired');

    const fired = linesOf('timer job').filter((l) => l.clockId === clock?.id);
    expect(fired.length).toBe(jobs.length);
    for (const l of fired) expect(l).toMatchObject({ requestId: REQUEST_ID, outcome: 'fired', level: 30 });

    // Events written by the firing: 'sla.breached' by the timer, and what the sign-breach handler did
    // (deemed signed), all under the request that dispatched the ticket.
    const events = await h.deps.db
      .select({ action: ticketEvents.action, requestId: ticketEvents.requestId, actorKind: ticketEvents.actorKind })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId));
    const byTimer = events.filter((e) => e.actorKind === 'system' && e.action.startsWith('sla.'));
    expect(byTimer.map((e) => e.action)).toContain('sla.breached');
    for (const e of byTimer) expect(e.requestId).toBe(REQUEST_ID);
    expect(events.find((e) => e.action === 'dispatch.created')?.requestId).toBe(REQUEST_ID);
    // The citizen's notice was queued by the same request (services/followup/outbox.ts).
    const queued = events.filter((e) => e.action === 'message.queued');
    expect(queued.length).toBeGreaterThan(0);
    for (const e of queued) expect(e.requestId).toBe(REQUEST_ID);
  });

  it('stamps an SMS a request queued although the outbox sweep hands it to the queue, and the send logs under it', async () => {
    // The dispatch notice first goes out as usual; then an agent resends it (POST /api/messages/{id}/resend).
    const [notice] = await h.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.template, 'ticket.dispatched')));
    const outbox = h.deps.queues.queue('outbox');
    const jobOf = async (messageId: number) =>
      must((await outbox.getWaiting()).find((j: Job) => j.data.messageId === messageId));
    await sweepOutbox(h.deps);
    expect(await outboxProcessor(h.deps)(await jobOf(must(notice).id))).toBe('sent');

    const agent = await h.login('agent1');
    const res = await h.request('POST', `/api/messages/${must(notice).id}/resend`, {
      token: agent,
      headers: { 'X-Request-Id': 'req-resend-51c2' },
      body: { note: '市民说没收到' },
    });
    expect(res.status).toBe(201);
    const copyId = ((await res.json()) as { id: number }).id;
    // Production hands rows over from LISTEN or the sweep, both outside any request.
    await sweepOutbox(h.deps);
    const job = await jobOf(copyId);
    expect(job.data.requestId).toBe('req-resend-51c2');

    expect(await outboxProcessor(h.deps)(job)).toBe('sent');
    expect(peers.twilio.bodiesTo('+8613912345678')).toHaveLength(2);
    const sent = linesOf('outbox job').find((l) => l.messageId === copyId);
    expect(sent).toMatchObject({ requestId: 'req-resend-51c2', outcome: 'sent', channel: 'sms', level: 30 });
  });

  it('gives jobs that no request caused their own id, and the lines outside a job none', async () => {
    const before = lines.length;
    h.deps.logger.info('outside any request');
    expect(lines[before]?.requestId).toBeUndefined();
    const run = timersProcessor(h.deps);
    const fake = { id: 'clk-999999-breach-1', name: 'clock-event', queueName: 'timers' };
    const job = { ...fake, data: { clockId: 999_999, event: 'breach', targetMs: 1 } } as unknown as Job;
    expect(await run(job)).toBe('closed');
    expect(linesOf('timer job').at(-1)).toMatchObject({ requestId: 'job-timers-clk-999999-breach-1' });
  });
});
