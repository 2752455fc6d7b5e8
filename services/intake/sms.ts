import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import { contacts, messages, tickets } from '../../db/schema/index.ts';
import { smsKeyword, ticketNoInText } from '../../domain/intake/keywords.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { resolveContact } from '../contacts.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { handleCitizenSmsReply } from '../followup/citizenReply.ts';
import { allocateTicketNo, isUniqueViolation, type Ticket } from '../tickets.ts';
import { announceTicket, registerCitizenTicket } from './register.ts';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: Array<{ url: string; contentType: string | null }>;
}

export type SmsOutcomeKind = 'new' | 'repeat' | 'addition' | 'reply' | 'opt_out' | 'opt_in' | 'duplicate';

export interface SmsOutcome {
  kind: SmsOutcomeKind;
  /** The text of the TwiML <Message>; a redelivery gets the same text again. */
  reply: string;
  ticketId: number | null;
  ticketNo: string | null;
  messageId: number;
}

const CLOSED = new Set(['closed']);

function registeredReply(deps: Deps, t: Pick<Ticket, 'ticketNo' | 'queryCode'>, repeatOf: string | null) {
  const merged = repeatOf ? `（与您此前反映的工单${repeatOf}合并办理）` : '';
  return `【12345】您反映的问题已受理，工单号${t.ticketNo}${merged}，查询码${t.queryCode}。查询进度：${deps.config.publicBaseUrl}/public/`;
}

async function previousOutcome(deps: Deps, sid: string): Promise<SmsOutcome | null> {
  const [m] = await deps.db
    .select({ id: messages.id, ticketId: messages.ticketId, meta: messages.meta, ticketNo: tickets.ticketNo })
    .from(messages)
    .leftJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(messages.channel, 'sms'), eq(messages.direction, 'in'), eq(messages.providerId, sid)))
    .limit(1);
  if (!m) return null;
  const reply = typeof m.meta.reply === 'string' ? m.meta.reply : '【12345】您的短信已收到。';
  return { kind: 'duplicate', reply, ticketId: m.ticketId, ticketNo: m.ticketNo ?? null, messageId: m.id };
}

class Redelivered extends Error {}

/**
 * One inbound text, in one transaction: stored (deduplicated on MessageSid), then the first that applies
 * of: opt-out/opt-in keyword, an answer Follow-up is waiting for (revisit 1/2/3), an addition to a ticket
 * the citizen quotes by number, else a new ticket (linked as a repeat when it is one).
 */
export async function handleInboundSms(deps: Deps, sms: InboundSms): Promise<SmsOutcome> {
  const now = deps.clock.now();
  const again = await previousOutcome(deps, sms.messageSid);
  if (again) return again;
  const phone = normalizePhone(sms.from) ?? sms.from.trim();
  if (!phone) throw new AppError('validation', '缺少发送号码', { fields: [{ path: 'From', message: '不能为空' }] });
  const body = sms.body.trim();
  const keyword = smsKeyword(body);
  // A number is taken before the transaction (see allocateTicketNo); skip it when the text cannot become a
  // ticket, so revisit answers and keywords leave no gaps in the day's numbering.
  const ticketNo = keyword || (await awaitingAnswer(deps, phone)) ? null : await allocateTicketNo(deps.db, now);

  let outcome: SmsOutcome;
  let created: Ticket | null = null;
  try {
    outcome = await deps.db.transaction(async (tx) => {
      const contact = await resolveContact(tx, { phone });
      if (!contact) throw new AppError('internal', 'contact not resolved');
      const [msg] = await tx
        .insert(messages)
        .values({
          contactId: contact.id,
          channel: 'sms',
          direction: 'in',
          toAddr: sms.to,
          fromAddr: sms.from,
          body: sms.body,
          status: 'received',
          providerId: sms.messageSid,
          meta: sms.media.length ? { media: sms.media } : {},
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: messages.id });
      if (!msg) throw new Redelivered();

      const finish = async (kind: SmsOutcomeKind, reply: string, ticket: { id: number; ticketNo: string } | null) => {
        await tx
          .update(messages)
          .set({
            ticketId: ticket?.id ?? null,
            meta: sql`${messages.meta} || ${JSON.stringify({ reply, outcome: kind })}::jsonb`,
            updatedAt: now,
          })
          .where(eq(messages.id, msg.id));
        // The TwiML answer is an outbound text too: recorded as sent so the timeline shows it, never re-sent.
        await tx.insert(messages).values({
          ticketId: ticket?.id ?? null,
          contactId: contact.id,
          channel: 'sms',
          direction: 'out',
          toAddr: sms.from,
          fromAddr: sms.to,
          body: reply,
          status: 'sent',
          template: kind === 'new' || kind === 'repeat' ? 'ticket.registered' : `intake.${kind}`,
          sentAt: now,
          meta: { via: 'twiml', inReplyTo: sms.messageSid },
          createdAt: now,
          updatedAt: now,
        });
        return { kind, reply, ticketId: ticket?.id ?? null, ticketNo: ticket?.ticketNo ?? null, messageId: msg.id };
      };

      if (keyword === 'opt_out') {
        await tx.update(contacts).set({ smsOptOut: true, updatedAt: now }).where(eq(contacts.id, contact.id));
        return finish('opt_out', '【12345】您已退订热线短信通知。回复“订阅”或START可恢复。', null);
      }
      if (keyword === 'opt_in') {
        await tx.update(contacts).set({ smsOptOut: false, updatedAt: now }).where(eq(contacts.id, contact.id));
        return finish('opt_in', '【12345】您已恢复接收热线短信通知。回复“退订”或STOP可退订。', null);
      }

      const answered = await handleCitizenSmsReply(
        tx,
        deps,
        { contactId: contact.id, ticketId: null, body, messageId: msg.id },
        now,
      );
      if (answered.handled) {
        const [t] = answered.ticketId
          ? await tx
              .select({ id: tickets.id, ticketNo: tickets.ticketNo })
              .from(tickets)
              .where(eq(tickets.id, answered.ticketId))
          : [];
        return finish('reply', answered.reply ?? '【12345】您的回复已收到，谢谢。', t ?? null);
      }

      const quoted = ticketNoInText(body);
      if (quoted) {
        const [t] = await tx
          .select({ id: tickets.id, ticketNo: tickets.ticketNo, status: tickets.status })
          .from(tickets)
          .where(and(eq(tickets.ticketNo, quoted), eq(tickets.contactId, contact.id)));
        if (t && !CLOSED.has(t.status)) {
          await recordEvent(tx, {
            ticketId: t.id,
            action: 'message.received',
            at: now,
            actorKind: 'citizen',
            payload: { messageId: msg.id, channel: 'sms', addition: true },
          });
          return finish('addition', `【12345】已收到您对工单${t.ticketNo}的补充内容，我们将一并处理。`, t);
        }
      }

      const no = ticketNo ?? (await allocateTicketNo(deps.db, now));
      const r = await registerCitizenTicket(
        tx,
        deps,
        no,
        {
          channel: 'sms',
          type: 'help',
          content: body || '（彩信，无文字内容）',
          contact: { phone },
          sourceKey: `sms:${sms.messageSid}`,
          extra: sms.media.length ? { media: sms.media } : {},
        },
        { id: null, kind: 'citizen' },
        now,
        // The TwiML reply below is the registration notice; an outbox SMS as well would text the citizen twice.
        { notify: false },
      );
      created = r.ticket;
      return finish(
        r.repeat ? 'repeat' : 'new',
        registeredReply(deps, r.ticket, r.repeat?.originalTicketNo ?? null),
        r.ticket,
      );
    });
  } catch (err) {
    if (err instanceof Redelivered || isUniqueViolation(err)) {
      const first = await previousOutcome(deps, sms.messageSid);
      if (first) return first;
    }
    throw err;
  }
  if (created) announceTicket(deps, created);
  return outcome;
}

/** Is Follow-up waiting for this number's answer (an open SMS revisit)? Only used to avoid numbering gaps. */
async function awaitingAnswer(deps: Deps, phone: string): Promise<boolean> {
  const rows = await queryRows<{ awaiting: boolean }>(
    deps.db,
    sql`select exists (select 1 from revisits r join tickets t on t.id = r.ticket_id join contacts c on c.id = t.contact_id
         where c.phone = ${phone} and r.status = 'open' and r.sms_message_id is not null) as awaiting`,
  );
  return rows[0]?.awaiting === true;
}
