import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../db/schema/index.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import {
  enqueueMessage,
  insertPlannedMessages,
  loadPlanningContext,
  OUTBOX_CHANNEL,
  planMessage,
} from '../services/followup/outbox.ts';
import { outboxNotice, startOutbox, sweepOutbox } from '../workers/outbox/index.ts';
import { citizenTicket, type Peers, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let peers: Peers;

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: '2026-11-23T02:00:00Z' });
  await seedCity(h);
});
afterAll(async () => {
  closeMailTransports();
  await h.close();
  await peers.close();
});

async function enqueue(ticketId: number, template = 'ticket.registered', vars: Record<string, string> = {}) {
  const m = await h.deps.db.transaction((tx) =>
    enqueueMessage(tx, h.deps, { ticketId, template, vars }, h.clock.now()),
  );
  return must(m).messageId;
}

async function statuses(ids: number[]) {
  const rows = await h.deps.db.select().from(messages).where(inArray(messages.id, ids));
  return rows.map((r) => r.status);
}

async function until(cond: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the outbox worker (BullMQ)', () => {
  it('delivers a committed row as soon as its transaction commits (LISTEN/NOTIFY → job)', async () => {
    const stop = await startOutbox(h.deps, { sweepIntervalMs: 0, listen: true, concurrency: 3 });
    try {
      const t = await citizenTicket(h);
      const before = peers.twilio.messages.length;
      const id = await enqueue(t.id);
      await until(async () => (await statuses([id]))[0] === 'sent');
      expect(peers.twilio.messages.length).toBe(before + 1);
    } finally {
      await stop();
    }
  });

  it("hands a statement's messages over with one notification, and sends each of them", async () => {
    const stop = await startOutbox(h.deps, { sweepIntervalMs: 0, listen: true, concurrency: 3 });
    const listener = postgres(must(h.deps.database.url), { max: 1, onnotice: () => {} });
    const notices: string[] = [];
    await listener.listen(OUTBOX_CHANNEL, (payload) => notices.push(payload));
    try {
      const tickets = [await citizenTicket(h), await citizenTicket(h), await citizenTicket(h)];
      const now = h.clock.now();
      const rows = await h.deps.db.transaction(async (tx) => {
        const { template, settings } = await loadPlanningContext(tx, ['ticket.registered']);
        const plans = tickets.map((t) =>
          must(
            planMessage(
              h.deps,
              { ticketId: t.id, template: 'ticket.registered', vars: {} },
              {
                ticket: t,
                contact: { id: must(t.contactId), phone: t.phone, email: null, smsOptOut: false },
                template,
                settings,
              },
              now,
            ),
          ),
        );
        return insertPlannedMessages(tx, h.deps, plans, now);
      });
      const ids = rows.map((r) => must(r).messageId);
      await until(async () => (await statuses(ids)).every((s) => s === 'sent'));
      expect(notices).toEqual([ids.join(',')]);
    } finally {
      await listener.end();
      await stop();
    }
  });

  it('reads one id or a comma-separated list from a notification, and nothing else', () => {
    expect(outboxNotice('42')).toEqual([42]);
    expect(outboxNotice('7,8,9')).toEqual([7, 8, 9]);
    expect(outboxNotice('')).toEqual([]);
    expect(outboxNotice('x,3')).toEqual([3]);
  });

  it('loses nothing when Redis is flushed: the sweep rebuilds the queue from the database, each row sent once', async () => {
    const t = await citizenTicket(h);
    // Written while no worker listens: the notifications are gone, as after a Redis flush.
    const ids = [
      await enqueue(t.id),
      await enqueue(t.id, 'ticket.dispatched', { unitName: '市水务局' }),
      await enqueue(t.id, 'ticket.extended', { newDueDate: '12月1日', reason: '需施工' }),
    ];
    const keys = await h.deps.redis.keys(`{${h.prefix}}*`);
    if (keys.length) await h.deps.redis.del(...keys);
    const stop = await startOutbox(h.deps, { sweepIntervalMs: 0, listen: false, concurrency: 5 });
    try {
      // Two sweeps racing (two worker processes) hand the same rows over twice; each is claimed once.
      await Promise.all([sweepOutbox(h.deps), sweepOutbox(h.deps)]);
      for (let i = 0; i < 20 && (await statuses(ids)).some((s) => s !== 'sent'); i++) {
        await new Promise((r) => setTimeout(r, 300));
        await sweepOutbox(h.deps); // rows waiting behind an earlier one come back on the next sweep
      }
      expect(await statuses(ids)).toEqual(['sent', 'sent', 'sent']);
      const bodies = peers.twilio.bodiesTo(must(t.phone));
      expect(bodies).toHaveLength(3);
      expect(bodies[0]).toContain('已受理');
      expect(bodies[1]).toContain('市水务局');
      expect(bodies[2]).toContain('12月1日');
    } finally {
      await stop();
    }
  });

  it('leaves SMS in the outbox, queued, when Twilio is not configured', async () => {
    const { TWILIO_ACCOUNT_SID, ...rest } = h.deps.config;
    const deps = { ...h.deps, config: { ...rest, TWILIO_ACCOUNT_SID: undefined } };
    const t = await citizenTicket(h);
    const id = await h.deps.db.transaction(async (tx) =>
      must(await enqueueMessage(tx, deps, { ticketId: t.id, template: 'ticket.registered', vars: {} }, h.clock.now())),
    );
    void TWILIO_ACCOUNT_SID;
    expect(await sweepOutbox(deps)).toMatchObject({ enqueued: 0 });
    const [r] = await h.deps.db.select().from(messages).where(eq(messages.id, id.messageId));
    expect(r?.status).toBe('queued');
  });
});
