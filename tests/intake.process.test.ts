import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/client.ts';
import { messages, tickets } from '../db/schema/index.ts';
import { seedReference } from '../db/seed/reference.ts';
import { type Cluster, freePort, startCluster } from './helpers/processes.ts';

/** `npm run start:api` for real: its HTTP port, its SMTP receiver (the boot.ts hook) and its live stream. */
const HOTLINE = '12345@hotline.example';
const TOKEN = 'twilio-process-token';
const PUBLIC = 'https://hotline.example.gov.cn';
let cluster: Cluster;
let smtpPort: number;
let api: string;
let db: Database;

beforeAll(async () => {
  smtpPort = await freePort();
  cluster = await startCluster({
    apis: 1,
    workers: 0,
    env: {
      SMTP_PORT: String(smtpPort),
      HOTLINE_EMAIL: HOTLINE,
      TWILIO_AUTH_TOKEN: TOKEN,
      PUBLIC_BASE_URL: PUBLIC,
      CTI_TOKEN: 'cti-process',
    },
  });
  await cluster.waitReady();
  api = cluster.apis[0]?.url ?? '';
  db = await openDatabase({ url: cluster.databaseUrl, poolSize: 2 });
  await seedReference(db.db, 'demo12345');
}, 120_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

describe('the API process', () => {
  it('receives mail on SMTP_PORT and answers 250 only once the ticket exists', async () => {
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const info = await mailer.sendMail({
      from: 'process@example.com',
      to: HOTLINE,
      subject: '公交车不按站停靠',
      text: '18路公交车经常不在幸福路站停靠',
      messageId: '<process-1@example.com>',
    });
    mailer.close();
    expect(info.response).toMatch(/^250 .*ticket (\d{14})/);
    const no = /ticket (\d{14})/.exec(info.response)?.[1] ?? '';
    const [t] = await db.db.select().from(tickets).where(eq(tickets.ticketNo, no));
    expect(t).toMatchObject({ channel: 'email', title: '公交车不按站停靠' });
  });

  it("takes a signed Twilio webhook over real HTTP and pushes the new ticket to a dispatcher's stream", async () => {
    const login = await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher1', password: 'demo12345' }),
    });
    const { token } = (await login.json()) as { token: string };
    const abort = new AbortController();
    const stream = await fetch(`${api}/api/stream?access_token=${token}&topics=ticket.created`, {
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const until = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!seen.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`stream never showed ${needle}: ${seen}`);
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('stream closed');
        seen += decoder.decode(chunk.value, { stream: true });
      }
    };
    try {
      await until('event: ready');
      const params = {
        MessageSid: `SM${'ab'.repeat(16)}`,
        From: '+8613907346060',
        To: '+8610612345',
        Body: '井盖丢了',
      };
      const res = await fetch(`${api}/api/intake/sms/twilio`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/intake/sms/twilio`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
      const no = res.headers.get('x-huiyin-ticket-no') ?? '';
      expect(await res.text()).toContain(`工单号${no}`);
      await until(`"ticketNo":"${no}"`);
      expect(seen).toContain('event: ticket.created');
      const [m] = await db.db.select().from(messages).where(eq(messages.providerId, params.MessageSid));
      expect(m?.direction).toBe('in');
    } finally {
      abort.abort();
      await reader?.cancel().catch(() => undefined);
    }
  });
});
