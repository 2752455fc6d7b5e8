import type { Context } from 'hono';
import { stripNul } from '../../domain/text.ts';
import { validTwilioSignature } from '../../services/channels/sms.ts';
import { AppError } from '../../services/errors.ts';
import type { AppEnv } from '../env.ts';

/**
 * The fields of a Twilio webhook, once its X-Twilio-Signature has been checked against PUBLIC_BASE_URL +
 * path + query over the raw form (before any field validation, which is the caller's). `format` names the
 * expected form in the 415 message.
 *
 * The form is read with URLSearchParams: Twilio sends only urlencoded fields, and hono's parseBody goes
 * through a web Response's formData(), which cost more than the rest of an inbound SMS's HTTP handling.
 */
export async function signedTwilioForm(c: Context<AppEnv>, format: string): Promise<Record<string, string>> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new AppError('unsupported_media_type', `需要 application/x-www-form-urlencoded（${format}）`);
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(await c.req.text())) params[k] = v;
  const config = c.get('deps').config;
  const url = new URL(c.req.url);
  const signed = `${config.publicBaseUrl}${url.pathname}${url.search}`;
  if (!validTwilioSignature(config, c.req.header('x-twilio-signature'), signed, params)) {
    throw new AppError('forbidden', 'X-Twilio-Signature 校验失败');
  }
  // Signed over what was sent; stored without what PostgreSQL cannot hold (a 4xx would lose the text).
  for (const k of Object.keys(params)) params[k] = stripNul(params[k] ?? '');
  return params;
}
