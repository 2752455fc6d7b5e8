/**
 * E-mail threading. Every outbound mail of a ticket carries a deterministic Message-ID (so a duplicate
 * delivery is recognisable as the same message), In-Reply-To/References pointing at the ticket's thread
 * root and the citizen's own mail, and `[#ticketNo]` in the subject. Whichever of these survives the
 * citizen's mail client, a reply finds its ticket.
 */

const TICKET_IN_SUBJECT = /\[#(\d{14})\]/;
const TICKET_IN_ID = /<huiyin-(?:msg-\d+\.|ticket-)(\d{14})@[^>]+>/;

/** The domain part of an address like `12345热线 <noreply@hotline.example>`. */
export function mailDomain(address: string | null | undefined, fallback = 'hotline.example'): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address ?? '');
  return m?.[1] ?? fallback;
}

/** Message-ID of one outbox row: the same row always gets the same id, whoever sends it, however often. */
export function outboundMessageId(messageRowId: number, ticketNo: string | null, domain: string): string {
  return ticketNo ? `<huiyin-msg-${messageRowId}.${ticketNo}@${domain}>` : `<huiyin-msg-${messageRowId}@${domain}>`;
}

/** The virtual root of a ticket's thread; every mail about the ticket references it. */
export function ticketThreadId(ticketNo: string, domain: string): string {
  return `<huiyin-ticket-${ticketNo}@${domain}>`;
}

export function threadHeaders(opts: {
  ticketNo: string | null;
  domain: string;
  /** The citizen's latest Message-ID on this ticket, when they wrote to us. */
  citizenMessageId?: string | null;
}): { inReplyTo: string | null; references: string[] } {
  const refs: string[] = [];
  if (opts.ticketNo) refs.push(ticketThreadId(opts.ticketNo, opts.domain));
  if (opts.citizenMessageId) refs.push(opts.citizenMessageId);
  return { inReplyTo: opts.citizenMessageId ?? refs[0] ?? null, references: refs };
}

/** The ticket number an inbound mail belongs to, from its subject or its threading headers; null if none. */
export function ticketNoFromMail(mail: {
  subject?: string | null;
  inReplyTo?: string | null;
  references?: string | string[] | null;
}): string | null {
  const ids = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : [mail.references ?? ''])];
  for (const id of ids) {
    const m = TICKET_IN_ID.exec(id);
    if (m?.[1]) return m[1];
  }
  return TICKET_IN_SUBJECT.exec(mail.subject ?? '')?.[1] ?? null;
}
