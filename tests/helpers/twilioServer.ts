import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/**
 * A local node:http server speaking the part of Twilio's REST API Huiyin uses (Messages create and
 * list), recording what arrived. Point TWILIO_API_BASE at `url`; use `accountSid`/`authToken` as
 * TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN. It can fail, hang or reject to exercise retries and crashes, and
 * builds correctly signed webhook requests (status callbacks, inbound SMS) for the app under test.
 */
export interface TwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  status: string;
  receivedAt: Date;
}

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

export interface SignedForm {
  /** application/x-www-form-urlencoded body. */
  body: string;
  headers: Record<string, string>;
  params: Record<string, string>;
}

export interface TwilioServer {
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Every accepted message, in arrival order. */
  messages: TwilioMessage[];
  /** Every request, including refused and hung ones. */
  requests: Array<{ method: string; path: string; form: Record<string, string> }>;
  /** Env vars wiring the app to this server. */
  env(): Record<string, string>;
  /** The next n create requests get this error (default: 500 server error). */
  failNext(n?: number, failure?: Partial<TwilioFailure>): void;
  /**
   * The next n create requests are recorded as accepted but never answered: the client times out not
   * knowing whether Twilio took the message (the crash window between sending and recording).
   */
  hangNext(n?: number): void;
  /** Messages to one number, in order (bodies only). */
  bodiesTo(to: string): string[];
  waitFor(n: number, timeoutMs?: number): Promise<TwilioMessage[]>;
  /** A signed status callback for one message, as Twilio would POST it to the message's StatusCallback. */
  statusCallback(sid: string, status: string, url: string, extra?: Record<string, string>): SignedForm;
  /** A signed inbound SMS webhook, as Twilio would POST it for a citizen's text. */
  inboundSms(opts: { from: string; body: string; url: string; to?: string; sid?: string }): SignedForm;
  close(): Promise<void>;
}

const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Signs form params the way Twilio does (X-Twilio-Signature over the public URL + sorted params). */
export function signTwilioForm(authToken: string, url: string, params: Record<string, string>): SignedForm {
  const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    params,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function resource(m: TwilioMessage) {
  const created = m.receivedAt.toUTCString();
  return {
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: m.status,
    direction: 'outbound-api',
    api_version: '2010-04-01',
    num_segments: String(Math.max(1, Math.ceil([...m.body].length / 70))),
    num_media: '0',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    messaging_service_sid: null,
    date_created: created,
    date_updated: created,
    date_sent: null,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
    subresource_uris: { media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json` },
  };
}

export async function startTwilioServer(opts: { from?: string } = {}): Promise<TwilioServer> {
  const accountSid = newSid('AC');
  const authToken = randomBytes(16).toString('hex');
  const from = opts.from ?? '+8610612345';
  const messages: TwilioMessage[] = [];
  const requests: TwilioServer['requests'] = [];
  const failures: TwilioFailure[] = [];
  let hang = 0;
  const hung: ServerResponse[] = [];
  const waiters: Array<() => void> = [];
  const base = `/2010-04-01/Accounts/${accountSid}/Messages`;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const u = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(new URLSearchParams(raw));
    requests.push({ method: req.method ?? '', path: u.pathname, form });
    if (req.headers.authorization !== expectedAuth) {
      json(res, 401, {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
      return;
    }
    if (req.method === 'POST' && u.pathname === `${base}.json`) {
      const failure = failures.shift();
      if (failure) {
        json(res, failure.status, { ...failure, more_info: `https://www.twilio.com/docs/errors/${failure.code}` });
        return;
      }
      if (!form.To || !form.Body || !(form.From || form.MessagingServiceSid)) {
        json(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
        return;
      }
      const m: TwilioMessage = {
        sid: newSid('SM'),
        accountSid,
        to: form.To,
        from: form.From ?? '',
        body: form.Body,
        statusCallback: form.StatusCallback ?? null,
        status: 'queued',
        receivedAt: new Date(),
      };
      messages.push(m);
      for (const w of waiters.splice(0)) w();
      if (hang > 0) {
        hang--;
        hung.push(res);
        return;
      }
      json(res, 201, resource(m));
      return;
    }
    if (req.method === 'GET' && u.pathname === `${base}.json`) {
      const to = u.searchParams.get('To');
      const list = messages.filter((m) => !to || m.to === to).reverse();
      json(res, 200, {
        messages: list.map(resource),
        page: 0,
        page_size: 50,
        start: 0,
        end: Math.max(0, list.length - 1),
        uri: `${base}.json`,
        first_page_uri: `${base}.json?PageSize=50&Page=0`,
        next_page_uri: null,
        previous_page_uri: null,
      });
      return;
    }
    const one = new RegExp(`^${base}/(SM[0-9a-f]{32})\\.json$`).exec(u.pathname);
    if (req.method === 'GET' && one) {
      const m = messages.find((x) => x.sid === one[1]);
      if (m) json(res, 200, resource(m));
      else json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      return;
    }
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    accountSid,
    authToken,
    from,
    messages,
    requests,
    env: () => ({
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: from,
      TWILIO_API_BASE: url,
    }),
    failNext(n = 1, failure = {}) {
      for (let i = 0; i < n; i++) {
        failures.push({
          status: failure.status ?? 500,
          code: failure.code ?? 20500,
          message: failure.message ?? 'Internal Server Error',
        });
      }
    },
    hangNext(n = 1) {
      hang += n;
    },
    bodiesTo: (to) => messages.filter((m) => m.to === to).map((m) => m.body),
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} SMS, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 100));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return messages;
    },
    statusCallback(sid, status, cbUrl, extra = {}) {
      const m = messages.find((x) => x.sid === sid);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: sid,
        SmsSid: sid,
        SmsStatus: status,
        MessageStatus: status,
        To: m?.to ?? '',
        From: m?.from ?? from,
        ...extra,
      };
      if (m) m.status = status;
      return signTwilioForm(authToken, cbUrl, params);
    },
    inboundSms({ from: citizen, body, url: hookUrl, to, sid }) {
      const msgSid = sid ?? newSid('SM');
      return signTwilioForm(authToken, hookUrl, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: msgSid,
        SmsMessageSid: msgSid,
        SmsSid: msgSid,
        From: citizen,
        To: to ?? from,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
      });
    },
    async close() {
      for (const res of hung.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
