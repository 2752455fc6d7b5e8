import twilio from 'twilio';
import type IRequestClient from 'twilio/lib/base/RequestClient.js';
import type { Config } from '../../config.ts';
import type { Deps } from '../deps.ts';
import { ChannelDisabled, neverReachedProvider, SendFailure } from './errors.ts';

const TWILIO_API = 'https://api.twilio.com';
export const SMS_STATUS_PATH = '/api/intake/sms/twilio/status';

/**
 * The twilio client hard-codes api.twilio.com; this request client rewrites the base so a proxy, a
 * regional edge or the local test server can stand in (TWILIO_API_BASE).
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override request<TData>(opts: IRequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_API, this.base) });
  }
}

type TwilioClient = ReturnType<typeof twilio>;
const clients = new Map<string, TwilioClient>();

export function smsEnabled(config: Config): boolean {
  return Boolean(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM);
}

/** Socket timeout: past it the outcome is unknown (the 'ambiguous' case). */
export const SMS_TIMEOUT_MS = 10_000;

function clientFor(config: Config): TwilioClient {
  const sid = config.TWILIO_ACCOUNT_SID;
  const token = config.TWILIO_AUTH_TOKEN;
  if (!sid || !token || !config.TWILIO_FROM) throw new ChannelDisabled('sms');
  const base = (config.TWILIO_API_BASE ?? TWILIO_API).replace(/\/$/, '');
  const key = `${sid}|${token}|${base}`;
  let c = clients.get(key);
  if (!c) {
    const httpClient = base === TWILIO_API ? undefined : new RebasedRequestClient(base, SMS_TIMEOUT_MS);
    c = twilio(sid, token, httpClient ? { httpClient } : { timeout: SMS_TIMEOUT_MS });
    clients.set(key, c);
  }
  return c;
}

export interface SmsToSend {
  to: string;
  body: string;
  statusCallback?: string;
}

export interface SmsSent {
  sid: string;
  status: string;
}

function classify(err: unknown): SendFailure {
  const e = err as { status?: number; code?: number | string; message?: string };
  const msg = e.message ?? String(err);
  if (typeof e.status === 'number') {
    const code = e.code === undefined ? null : String(e.code);
    if (e.status === 429 || e.status >= 500) return new SendFailure('retry', msg, code);
    return new SendFailure('permanent', msg, code);
  }
  if (neverReachedProvider(err)) return new SendFailure('retry', msg);
  return new SendFailure('ambiguous', msg);
}

/** Sends one SMS through Twilio. Throws ChannelDisabled without configuration, SendFailure otherwise. */
export async function sendSms(deps: Pick<Deps, 'config'>, msg: SmsToSend): Promise<SmsSent> {
  const client = clientFor(deps.config);
  try {
    const res = await client.messages.create({
      to: msg.to,
      from: deps.config.TWILIO_FROM,
      body: msg.body,
      ...(msg.statusCallback ? { statusCallback: msg.statusCallback } : {}),
    });
    return { sid: res.sid, status: res.status };
  } catch (err) {
    throw classify(err);
  }
}

/**
 * Twilio's own record of messages to a number since a moment: how staff (or the reconciler) resolve an
 * ambiguous send without sending twice.
 */
export async function findSentSms(
  deps: Pick<Deps, 'config'>,
  to: string,
  body: string,
  since: Date,
): Promise<SmsSent | null> {
  const client = clientFor(deps.config);
  const list = await client.messages.list({ to, dateSentAfter: new Date(since.getTime() - 86_400_000), limit: 50 });
  const hit = list.find((m) => m.body === body);
  return hit ? { sid: hit.sid, status: hit.status } : null;
}

export function statusCallbackUrl(config: Config): string {
  return `${config.publicBaseUrl}${SMS_STATUS_PATH}`;
}

/** Checks X-Twilio-Signature against the public URL Twilio called. */
export function validTwilioSignature(
  config: Config,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  const token = config.TWILIO_AUTH_TOKEN;
  if (!token || !signature) return false;
  return twilio.validateRequest(token, signature, url, params);
}
