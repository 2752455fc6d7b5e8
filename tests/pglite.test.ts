import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../config.ts';
import { messages, tickets } from '../db/schema/index.ts';
import { seedReference } from '../db/seed/reference.ts';
import { createLogger } from '../services/logger.ts';
import { createRuntime, type Runtime } from '../services/runtime.ts';

/**
 * The embedded default (no DATABASE_URL: PGlite in a folder) runs the same intake SQL as PostgreSQL: a
 * newcomer's `npm start` must take web complaints, texts and requests for information like production does.
 */
const AUTH_TOKEN = 'pglite-twilio-token';
const PUBLIC = 'https://hotline.example.gov.cn';
let dir: string;
let runtime: Runtime;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huiyin-pglite-'));
  const config = loadConfig({
    PGLITE_DIR: dir,
    QUEUE_PREFIX: `huiyin_t_pglite_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_DISABLED: '1',
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    PUBLIC_BASE_URL: PUBLIC,
  });
  runtime = await createRuntime(config, { logger: createLogger('silent') });
  expect(runtime.deps.database.kind).toBe('pglite');
  await seedReference(runtime.deps.db, 'demo12345');
  app = createApp(runtime.deps);
}, 120_000);
afterAll(async () => {
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = (method: string, path: string, body: unknown, token?: string) =>
  app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

function text(from: string, body: string) {
  const params = { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: '+8610612345', Body: body };
  const path = '/api/intake/sms/twilio';
  return app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe('intake on the embedded PGlite database', () => {
  it('registers simultaneous complaints with consecutive numbers and notices, and takes texts', async () => {
    const res = await Promise.all(
      ['13907371001', '13907371002', '13907371003'].map((phone, i) =>
        json('POST', '/api/public/complaints', { phone, content: `第${i}号楼下的路灯坏了很久了` }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual([201, 201, 201]);
    const nos = (await Promise.all(res.map((r) => r.json()))).map((b) => Number(String(b.ticketNo).slice(8)));
    expect(nos.sort((a, b) => a - b)).toEqual([nos[0], (nos[0] ?? 0) + 1, (nos[0] ?? 0) + 2]);
    const notices = await runtime.deps.db.select().from(messages).where(eq(messages.template, 'ticket.registered'));
    expect(notices).toHaveLength(3);

    const sms = await text('+8613907371009', '小区门口的井盖丢了，很危险');
    expect(sms.status).toBe(200);
    expect(sms.headers.get('x-huiyin-outcome')).toBe('new');
  });

  it('asks a citizen for more information and takes the answer by text', async () => {
    const login = await json('POST', '/api/auth/login', { username: 'agent1', password: 'demo12345' });
    const { token } = (await login.json()) as { token: string };
    const [t] = await runtime.deps.db.select().from(tickets).where(eq(tickets.channel, 'web')).limit(1);
    const ask = await json(
      'POST',
      `/api/tickets/${t?.id}/info-requests`,
      { question: '请补充路灯所在的具体位置' },
      token,
    );
    expect(ask.status).toBe(201);
    const contact = await runtime.deps.db.query.contacts.findFirst({
      where: (c, { eq: eqc }) => eqc(c.id, t?.contactId ?? 0),
    });
    const answer = await text(contact?.phone ?? '', '在3号楼东侧');
    expect(answer.headers.get('x-huiyin-outcome')).toBe('info');
  });
});
