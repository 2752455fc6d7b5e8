/**
 * How a failed send ended, which decides what the outbox does next:
 * - retry: the provider certainly did not take the message (refused connection, 429, 5xx, SMTP 4xx);
 * - permanent: it never will (bad number, SMTP 5xx, opted out at the carrier);
 * - ambiguous: the request may have been taken (timeout or reset after sending); SMS is not resent
 *   automatically, staff decide.
 */
export type SendFailureKind = 'retry' | 'permanent' | 'ambiguous';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly providerCode: string | null = null,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** Raised when a channel has no configuration: the message waits in the outbox. */
export class ChannelDisabled extends Error {
  constructor(readonly channel: 'sms' | 'email') {
    super(`${channel} channel not configured`);
    this.name = 'ChannelDisabled';
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Network errors before the request left this machine: safe to retry. */
export function neverReachedProvider(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
