import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server (smtp-server + mailparser) recording every message that arrived. Point SMTP_URL at
 * `url`. It can refuse the next deliveries with a temporary or permanent SMTP error.
 */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

export interface SmtpPeer {
  port: number;
  url: string;
  mails: ReceivedMail[];
  env(): Record<string, string>;
  /** The next n messages are refused at DATA with this SMTP code (451 temporary, 550 permanent). */
  failNext(n?: number, code?: number): void;
  mailsTo(addr: string): ReceivedMail[];
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function addressText(v: unknown): string {
  if (!v) return '';
  if (Array.isArray(v)) return v.map(addressText).join(', ');
  return (v as { text?: string }).text ?? '';
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const mails: ReceivedMail[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const failure = failures.shift();
        if (failure) {
          const err = new Error(failure >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
            responseCode: number;
          };
          err.responseCode = failure;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          const parsed = await simpleParser(raw);
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          const refs = parsed.references;
          mails.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: addressText(parsed.from),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trim(),
            messageId: parsed.messageId ?? null,
            inReplyTo: parsed.inReplyTo ?? null,
            references: Array.isArray(refs) ? refs : refs ? [refs] : [],
            headers,
            raw,
            receivedAt: new Date(),
          });
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const url = `smtp://127.0.0.1:${port}`;
  return {
    port,
    url,
    mails,
    env: () => ({ SMTP_URL: url, MAIL_FROM: '12345热线 <noreply@hotline.example>' }),
    failNext(n = 1, code = 451) {
      for (let i = 0; i < n; i++) failures.push(code);
    },
    mailsTo: (addr) => mails.filter((m) => m.envelopeTo.includes(addr)),
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
