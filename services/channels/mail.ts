import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Deps } from '../deps.ts';
import { ChannelDisabled, neverReachedProvider, SendFailure } from './errors.ts';

const transports = new Map<string, Transporter>();

export function mailEnabled(config: Config): boolean {
  return Boolean(config.SMTP_URL);
}

export function mailFrom(config: Config): string {
  return config.MAIL_FROM ?? `12345热线 <${config.HOTLINE_EMAIL}>`;
}

function transportFor(config: Config): Transporter {
  const url = config.SMTP_URL;
  if (!url) throw new ChannelDisabled('email');
  let t = transports.get(url);
  if (!t) {
    const u = new URL(url);
    t = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
      secure: u.protocol === 'smtps:',
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      // Defaults are minutes long; a stuck relay must not hold an outbox row that long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, t);
  }
  return t;
}

export interface MailToSend {
  to: string;
  subject: string;
  text: string;
  /** Deterministic, so a resend after a crash is the same message to the recipient's client. */
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
}

export interface MailSent {
  messageId: string;
  response: string;
}

function classify(err: unknown): SendFailure {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const msg = e.message ?? String(err);
  if (typeof e.responseCode === 'number') {
    return new SendFailure(e.responseCode >= 500 ? 'permanent' : 'retry', msg, String(e.responseCode));
  }
  // Any other failure is retried: the fixed Message-ID makes a possible duplicate recognisable.
  return new SendFailure(neverReachedProvider(err) ? 'retry' : 'retry', msg, e.code ?? null);
}

export async function sendMail(deps: Pick<Deps, 'config'>, mail: MailToSend): Promise<MailSent> {
  const transport = transportFor(deps.config);
  try {
    const info = await transport.sendMail({
      from: mailFrom(deps.config),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
    });
    return { messageId: info.messageId, response: String(info.response ?? '') };
  } catch (err) {
    throw classify(err);
  }
}

/** Closes pooled connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
