import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { Deps } from '../deps.ts';
import { handleInboundMail, MAIL_LIMITS } from './mail.ts';

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The hotline's inbound mail door: accepts mail for HOTLINE_EMAIL only, and answers 250 only after the
 * mail is committed (ticket or addition), so a crash before that makes the sender retry, and the retry
 * is deduplicated on Message-ID. Failures answer 451 (try again later), never a silent loss.
 */
export async function startSmtpReceiver(
  deps: Deps,
  opts: { port?: number; host?: string } = {},
): Promise<SmtpReceiver> {
  const hotline = deps.config.HOTLINE_EMAIL.toLowerCase();
  const server = new SMTPServer({
    name: 'huiyin',
    banner: 'Huiyin 12345 hotline mail intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAIL_LIMITS.messageBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.toLowerCase() !== hotline) {
        callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here (use ${hotline})`, 550));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(`5.3.4 message exceeds ${MAIL_LIMITS.messageBytes} bytes`, 552));
          return;
        }
        const envelopeFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        handleInboundMail(deps, Buffer.concat(chunks), {
          from: envelopeFrom,
          to: session.envelope.rcptTo.map((r) => r.address),
        }).then(
          (out) => callback(null, `2.0.0 accepted${out.ticketNo ? ` ticket ${out.ticketNo}` : ''}`),
          (err: unknown) => {
            deps.logger.error({ err }, 'inbound mail failed');
            callback(smtpError('4.3.0 temporary failure, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (err) => deps.logger.error({ err }, 'smtp receiver error'));
  const port = opts.port ?? deps.config.SMTP_PORT;
  const host = opts.host ?? deps.config.HOST;
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.server.address() as AddressInfo).port;
  deps.logger.info({ port: bound, host }, 'smtp receiver listening');
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
