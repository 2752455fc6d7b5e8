import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { Executor } from '../../db/client.ts';
import { contacts, messageAttachments, messages, tickets } from '../../db/schema/index.ts';
import { ticketNoInSubject } from '../../domain/intake/keywords.ts';
import { stripNul } from '../../domain/text.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import { afterInfoAnswered, answerInfoRequest, type InfoAnswer } from '../followup/infoRequests.ts';
import { allocateTicketNo, isUniqueViolation, type Ticket } from '../tickets.ts';
import { announceTicket, registerCitizenTicket } from './register.ts';

export const MAIL_LIMITS = {
  /** Whole message, enforced by the SMTP receiver (552 beyond it). */
  messageBytes: 25 * 1024 * 1024,
  attachmentBytes: 5 * 1024 * 1024,
  attachmentsTotalBytes: 15 * 1024 * 1024,
  attachmentCount: 10,
  contentChars: 20_000,
};

export type MailOutcomeKind = 'new' | 'repeat' | 'addition' | 'ignored' | 'duplicate';

export interface MailOutcome {
  kind: MailOutcomeKind;
  messageId: number;
  ticketId: number | null;
  ticketNo: string | null;
  reason?: string;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list)
    for (const v of o.value) if (v.address) return { address: v.address.toLowerCase(), name: v.name };
  return null;
}

/**
 * The parsed mail without U+0000, which PostgreSQL cannot store (domain/text.ts): the fields this module
 * keeps. A 5xx would have the sender retry the same mail for days.
 */
function withoutNul(parsed: ParsedMail): ParsedMail {
  const clean = (v: string | undefined) => (v === undefined ? v : stripNul(v));
  parsed.subject = clean(parsed.subject);
  parsed.text = clean(parsed.text);
  parsed.messageId = clean(parsed.messageId);
  parsed.inReplyTo = clean(parsed.inReplyTo);
  if (Array.isArray(parsed.references)) parsed.references = parsed.references.map(stripNul);
  else parsed.references = clean(parsed.references);
  for (const field of [parsed.from, parsed.to].flat()) {
    for (const v of field?.value ?? []) {
      v.name = stripNul(v.name);
      v.address = clean(v.address);
    }
  }
  for (const a of parsed.attachments) {
    a.filename = clean(a.filename);
    a.contentType = stripNul(a.contentType);
  }
  return parsed;
}

/** Mail that must never open a ticket: bounces, auto-replies, lists. Answering them would loop. */
function automated(parsed: ParsedMail, envelopeFrom: string | null): string | null {
  const auto = String(parsed.headers.get('auto-submitted') ?? '').toLowerCase();
  if (auto && auto !== 'no') return `auto-submitted: ${auto}`;
  const precedence = String(parsed.headers.get('precedence') ?? '').toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `precedence: ${precedence}`;
  if (envelopeFrom === '' || /^(mailer-daemon|postmaster)@/i.test(envelopeFrom ?? '')) return 'bounce';
  if (parsed.headers.has('x-autoreply') || parsed.headers.has('x-autorespond')) return 'auto-reply';
  return null;
}

function references(parsed: ParsedMail): string[] {
  const refs = parsed.references ? (Array.isArray(parsed.references) ? parsed.references : [parsed.references]) : [];
  return [...new Set([parsed.inReplyTo, ...refs].filter((r): r is string => !!r))];
}

/** The ticket this mail continues: by thread headers first, then by `[#ticketNo]` from the ticket's own citizen. */
async function threadTicket(tx: Executor, parsed: ParsedMail, fromAddress: string) {
  const refs = references(parsed);
  if (refs.length) {
    const [m] = await tx
      .select({ id: tickets.id, ticketNo: tickets.ticketNo })
      .from(messages)
      .innerJoin(tickets, eq(tickets.id, messages.ticketId))
      .where(and(eq(messages.channel, 'email'), inArray(messages.providerId, refs), isNotNull(messages.ticketId)))
      .limit(1);
    if (m) return m;
  }
  const no = ticketNoInSubject(parsed.subject);
  if (no) {
    const [t] = await tx
      .select({ id: tickets.id, ticketNo: tickets.ticketNo })
      .from(tickets)
      .innerJoin(contacts, eq(contacts.id, tickets.contactId))
      .where(and(eq(tickets.ticketNo, no), eq(contacts.email, fromAddress)))
      .limit(1);
    if (t) return t;
  }
  return null;
}

function keptAttachments(parsed: ParsedMail) {
  const kept: ParsedMail['attachments'] = [];
  const dropped: Array<{ filename: string; size: number; reason: string }> = [];
  let total = 0;
  for (const a of parsed.attachments) {
    const filename = a.filename ?? 'attachment';
    const size = a.content.length;
    let reason: string | null = null;
    if (size > MAIL_LIMITS.attachmentBytes) reason = 'file too large';
    else if (total + size > MAIL_LIMITS.attachmentsTotalBytes) reason = 'total too large';
    else if (kept.length >= MAIL_LIMITS.attachmentCount) reason = 'too many files';
    if (reason) dropped.push({ filename, size, reason });
    else {
      kept.push(a);
      total += size;
    }
  }
  return { kept, dropped };
}

async function outcomeOf(deps: Deps, providerId: string): Promise<MailOutcome | null> {
  const [m] = await deps.db
    .select({ id: messages.id, ticketId: messages.ticketId, ticketNo: tickets.ticketNo })
    .from(messages)
    .leftJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(messages.channel, 'email'), eq(messages.direction, 'in'), eq(messages.providerId, providerId)))
    .limit(1);
  return m ? { kind: 'duplicate', messageId: m.id, ticketId: m.ticketId, ticketNo: m.ticketNo ?? null } : null;
}

class Redelivered extends Error {}

/**
 * One received e-mail, committed before the SMTP receiver says 250: stored once per Message-ID (a mail
 * without one is identified by the hash of its bytes), attached to its thread's ticket, or a new ticket.
 */
export async function handleInboundMail(
  deps: Deps,
  raw: Buffer,
  envelope: { from: string | null; to: string[] } = { from: null, to: [] },
): Promise<MailOutcome> {
  const now = deps.clock.now();
  const parsed = withoutNul(await simpleParser(raw, { skipImageLinks: true }));
  const providerId = parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@huiyin.local>`;
  const again = await outcomeOf(deps, providerId);
  if (again) return again;

  const from = firstAddress(parsed.from);
  const ignored = from ? automated(parsed, envelope.from) : 'no sender address';
  const subject = parsed.subject?.trim() || null;
  const text = (parsed.text ?? '').trim().slice(0, MAIL_LIMITS.contentChars);
  const { kept, dropped } = keptAttachments(parsed);
  const toAddr = envelope.to[0] ?? firstAddress(parsed.to)?.address ?? deps.config.HOTLINE_EMAIL;
  const thread = from && !ignored ? await threadTicket(deps.db, parsed, from.address) : null;
  const ticketNo = ignored || thread ? null : await allocateTicketNo(deps.db, now);

  let created: Ticket | null = null;
  let answered: InfoAnswer | null = null;
  let outcome: MailOutcome;
  try {
    outcome = await deps.db.transaction(async (tx) => {
      const [msg] = await tx
        .insert(messages)
        .values({
          channel: 'email',
          direction: 'in',
          toAddr,
          fromAddr: from?.address ?? envelope.from ?? null,
          subject,
          body: text,
          status: 'received',
          providerId,
          meta: {
            references: references(parsed),
            ...(dropped.length ? { droppedAttachments: dropped } : {}),
            ...(ignored ? { ignored } : {}),
          },
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: messages.id });
      if (!msg) throw new Redelivered();

      let ticket: { id: number; ticketNo: string } | null = null;
      let kind: MailOutcomeKind = 'ignored';
      let contactId: number | null = null;
      if (from && !ignored) {
        if (thread) {
          ticket = thread;
          kind = 'addition';
          await recordEvent(tx, {
            ticketId: thread.id,
            action: 'message.received',
            at: now,
            actorKind: 'citizen',
            payload: { messageId: msg.id, channel: 'email', addition: true, attachments: kept.length },
          });
        } else if (ticketNo) {
          const r = await registerCitizenTicket(
            tx,
            deps,
            ticketNo,
            {
              channel: 'email',
              type: 'help',
              title: subject,
              content: text || subject || '（邮件无正文）',
              contact: { email: from.address, name: from.name || null },
              sourceKey: `email:${providerId}`,
            },
            { id: null, kind: 'citizen' },
            now,
            { notify: { channel: 'email', inReplyTo: providerId } },
          );
          ticket = r.ticket;
          created = r.ticket;
          contactId = r.ticket.contactId;
          kind = r.repeat ? 'repeat' : 'new';
        }
        if (ticket) {
          if (contactId === null) {
            const [c] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, from.address));
            contactId = c?.id ?? null;
          }
          await tx
            .update(messages)
            .set({ ticketId: ticket.id, contactId, updatedAt: now })
            .where(eq(messages.id, msg.id));
          // A reply in the thread of a ticket that waits for the citizen's answer is that answer.
          if (kind === 'addition' && contactId !== null) {
            answered = await answerInfoRequest(
              tx,
              deps,
              { contactId, ticketId: ticket.id, text: text || subject || '', messageId: msg.id, via: 'email' },
              now,
            );
          }
        }
      }
      if (kept.length) {
        await tx.insert(messageAttachments).values(
          kept.map((a) => ({
            messageId: msg.id,
            ticketId: ticket?.id ?? null,
            filename: a.filename ?? 'attachment',
            contentType: a.contentType || 'application/octet-stream',
            size: a.content.length,
            sha256: createHash('sha256').update(a.content).digest('hex'),
            data: a.content,
            createdAt: now,
          })),
        );
      }
      return {
        kind,
        messageId: msg.id,
        ticketId: ticket?.id ?? null,
        ticketNo: ticket?.ticketNo ?? null,
        ...(ignored ? { reason: ignored } : {}),
      };
    });
  } catch (err) {
    if (err instanceof Redelivered || isUniqueViolation(err)) {
      const first = await outcomeOf(deps, providerId);
      if (first) return first;
    }
    throw err;
  }
  if (created) announceTicket(deps, created);
  await afterInfoAnswered(deps, answered);
  return outcome;
}
