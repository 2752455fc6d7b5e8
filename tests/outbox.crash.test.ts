import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../db/schema/index.ts';
import { closeMailTransports, sendMail } from '../services/channels/mail.ts';
import { claimMessages, deliverDue, sweepStaleSending } from '../services/followup/delivery.ts';
import { enqueueMessage } from '../services/followup/outbox.ts';
import { citizenTicket, type Peers, PUBLIC_BASE, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let peers: Peers;
const NOW = '2026-11-23T02:00:00Z';
const LEASE_PASSED = 5 * 60_000;

beforeAll(async () => {
  peers = await startPeers();
  h = await createHarness({ env: peers.env, now: NOW });
  await seedCity(h);
});
afterAll(async () => {
  closeMailTransports();
  await h.close();
  await peers.close();
});

async function enqueue(ticketId: number, channel?: 'sms' | 'email') {
  const m = await h.deps.db.transaction((tx) =>
    enqueueMessage(tx, h.deps, { ticketId, channel, template: 'ticket.registered', vars: {} }, h.clock.now()),
  );
  return must(m).messageId;
}

async function row(id: number) {
  return must((await h.deps.db.select().from(messages).where(eq(messages.id, id)))[0]);
}

/** After the lease, in a fresh "process" (the test's deps): the stale sweep, then a normal delivery pass. */
async function restart() {
  h.clock.advance(LEASE_PASSED);
  try {
    await sweepStaleSending(h.deps);
    return await deliverDue(h.deps);
  } finally {
    h.clock.advance(-LEASE_PASSED);
  }
}

describe('a delivery worker killed between sending and recording', () => {
  it('SMS: Twilio took it → reconciled as sent from Twilio’s own list, not sent twice', async () => {
    const t = await citizenTicket(h);
    const id = await enqueue(t.id);
    peers.twilio.hangNext(1);
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/outboxChild.ts'], {
      env: {
        ...process.env,
        ...peers.env,
        DATABASE_URL: h.databaseUrl,
        QUEUE_PREFIX: h.prefix,
        FU_NOW: NOW,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await peers.twilio.waitFor(1, 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}; child stderr: ${stderr}`);
    }
    // Twilio has the request; the worker has not recorded the answer. Kill it now.
    child.kill('SIGKILL');
    await exited;
    const stuck = await row(id);
    expect(stuck.status).toBe('sending');
    expect(stuck.attempts).toBe(1);
    expect(await deliverDue(h.deps)).toEqual([]); // within the lease nobody touches it

    expect(await restart()).toEqual([]);
    const settled = await row(id);
    expect(settled.status).toBe('sent');
    expect(settled.providerId).toBe(peers.twilio.messages[0]?.sid);
    expect(settled.meta.reconciled).toBe(true);
    expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(1);
  }, 30_000);

  it('SMS: no trace at Twilio → ambiguous, never resent automatically, left to staff', async () => {
    const t = await citizenTicket(h);
    const id = await enqueue(t.id);
    const [claimed] = await claimMessages(h.deps, h.clock.now());
    expect(claimed?.id).toBe(id);
    // …the process dies here, before (or while) calling Twilio.
    expect(await restart()).toEqual([]);
    expect((await row(id)).status).toBe('ambiguous');
    expect(await restart()).toEqual([]);
    expect(peers.twilio.bodiesTo(must(t.phone))).toHaveLength(0);
  });

  it('SMS: a late status callback settles an ambiguous send by itself', async () => {
    const t = await citizenTicket(h);
    const id = await enqueue(t.id);
    peers.twilio.hangNext(1);
    const [claimed] = await claimMessages(h.deps, h.clock.now());
    // The send reaches Twilio, but its answer is lost with the process.
    const pending = fetch(`${peers.twilio.url}/2010-04-01/Accounts/${peers.twilio.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${peers.twilio.accountSid}:${peers.twilio.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: must(t.phone), From: peers.twilio.from, Body: 'other text' }),
    }).catch(() => null);
    void pending;
    await peers.twilio.waitFor(peers.twilio.messages.length, 2000);
    h.clock.advance(LEASE_PASSED);
    try {
      await sweepStaleSending(h.deps); // body differs: no match in Twilio's list → ambiguous
    } finally {
      h.clock.advance(-LEASE_PASSED);
    }
    expect((await row(must(claimed).id)).status).toBe('ambiguous');
    const sid = `SM${'ab'.repeat(16)}`;
    const path = `/api/intake/sms/twilio/status?m=${id}`;
    const cb = peers.twilio.statusCallback(sid, 'delivered', `${PUBLIC_BASE}${path}`);
    expect((await h.request('POST', path, { body: cb.body, headers: cb.headers })).status).toBe(204);
    expect(await row(id)).toMatchObject({ status: 'delivered', providerId: sid });
  });

  it('e-mail: resent after the lease with the same Message-ID, so the duplicate is recognisable', async () => {
    const t = await citizenTicket(h, { phone: null, email: 'crash@example.com' });
    const id = await enqueue(t.id);
    const [claimed] = await claimMessages(h.deps, h.clock.now());
    const m = must(claimed);
    // Sent, then the process dies before recording it.
    await sendMail(h.deps, {
      to: m.toAddr,
      subject: must(m.subject),
      text: m.body,
      messageId: `<huiyin-msg-${m.id}.${t.ticketNo}@hotline.example>`,
    });
    expect(await restart()).toEqual([{ id, outcome: 'sent' }]);
    const mails = peers.smtp.mailsTo('crash@example.com');
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((x) => x.messageId)).size).toBe(1);
    expect((await row(id)).status).toBe('sent');
  });
});
