import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import { contacts, messages, tickets } from '../../db/schema/index.ts';
import { smsKeyword, ticketNoInText } from '../../domain/intake/keywords.ts';
import { normalizePhone } from '../../domain/phone.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { handleCitizenSmsReply } from '../followup/citizenReply.ts';
import { isUniqueViolation, type Ticket } from '../tickets.ts';
import { intakeBatcher } from './batch.ts';
import { announceTicket, registerCitizenTicket } from './register.ts';
import { nextTicketNo, ticketNoInTx } from './ticketNumbers.ts';

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

function outcomeOfRow(m: {
  id: number;
  ticketId: number | null;
  meta: Record<string, unknown>;
  ticketNo: string | null;
}) {
  const reply = typeof m.meta.reply === 'string' ? m.meta.reply : '【12345】您的短信已收到。';
  return { kind: 'duplicate' as const, reply, ticketId: m.ticketId, ticketNo: m.ticketNo, messageId: m.id };
}

async function previousOutcome(deps: Deps, sid: string): Promise<SmsOutcome | null> {
  const [m] = await deps.db
    .select({ id: messages.id, ticketId: messages.ticketId, meta: messages.meta, ticketNo: tickets.ticketNo })
    .from(messages)
    .leftJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(messages.channel, 'sms'), eq(messages.direction, 'in'), eq(messages.providerId, sid)))
    .limit(1);
  return m ? outcomeOfRow(m) : null;
}

/**
 * One round trip before the transaction: was this MessageSid already handled (redelivery), and is
 * Follow-up waiting for this number's answer (an open SMS revisit)? The second only decides whether to
 * take a ticket number up front, so revisit answers leave no gaps in the day's numbering.
 */
async function preflight(deps: Deps, sid: string, phone: string) {
  const [row] = await queryRows<{ previous: Record<string, unknown> | string | null; awaiting: boolean }>(
    deps.db,
    sql`select
          (select json_build_object('id', m.id, 'ticketId', m.ticket_id, 'meta', m.meta, 'ticketNo', t.ticket_no)
             from messages m left join tickets t on t.id = m.ticket_id
            where m.channel = 'sms' and m.direction = 'in' and m.provider_id = ${sid} limit 1) as previous,
          exists (select 1 from revisits r join tickets t on t.id = r.ticket_id join contacts c on c.id = t.contact_id
                   where c.phone = ${phone} and r.status = 'open' and r.sms_message_id is not null) as awaiting`,
  );
  const raw = row?.previous;
  const prev = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    id: number;
    ticketId: number | null;
    meta: Record<string, unknown> | null;
    ticketNo: string | null;
  } | null;
  return {
    previous: prev ? outcomeOfRow({ ...prev, meta: prev.meta ?? {} }) : null,
    awaiting: row?.awaiting === true,
  };
}

class Redelivered extends Error {}

/**
 * One inbound text, in one transaction: stored (deduplicated on MessageSid), then the first that applies
 * of: opt-out/opt-in keyword, an answer Follow-up is waiting for (revisit 1/2/3), an addition to a ticket
 * the citizen quotes by number, else a new ticket (linked as a repeat when it is one).
 */
export async function handleInboundSms(deps: Deps, sms: InboundSms): Promise<SmsOutcome> {
  const now = deps.clock.now();
  const phone = normalizePhone(sms.from) ?? sms.from.trim();
  if (!phone) throw new AppError('validation', '缺少发送号码', { fields: [{ path: 'From', message: '不能为空' }] });
  const pre = await preflight(deps, sms.messageSid, phone);
  if (pre.previous) return pre.previous;
  const body = sms.body.trim();
  const keyword = smsKeyword(body);
  // Numbers are taken before the transaction (a counter row locked for a whole intake would serialise
  // them all); not for texts that cannot become a ticket.
  const ticketNo = keyword || pre.awaiting ? null : await nextTicketNo(deps.db, now);

  let outcome: SmsOutcome;
  let created: Ticket | null = null;
  try {
    outcome = await intakeBatcher(deps).run(async (tx) => {
      // The citizen and their text in one statement; a MessageSid already stored inserts nothing.
      const [stored] = await queryRows<{ contactId: number; messageId: number | null }>(
        tx,
        sql`with c as (
              insert into contacts (phone) values (${phone})
              on conflict (phone) do update set updated_at = contacts.updated_at
              returning id
            ), m as (
              insert into messages (contact_id, channel, direction, to_addr, from_addr, body, status, provider_id, meta,
                                    created_at, updated_at)
              select c.id, 'sms', 'in', ${sms.to}, ${sms.from}, ${sms.body}, 'received', ${sms.messageSid},
                     ${JSON.stringify(sms.media.length ? { media: sms.media } : {})}::jsonb, ${now.toISOString()}::timestamptz,
                     ${now.toISOString()}::timestamptz
                from c
              on conflict do nothing
              returning id
            )
            select (select id from c) as "contactId", (select id from m) as "messageId"`,
      );
      const contact = { id: Number(stored?.contactId) };
      if (!stored?.messageId) throw new Redelivered();
      const msg = { id: Number(stored.messageId) };

      const finish = async (kind: SmsOutcomeKind, reply: string, ticket: { id: number; ticketNo: string } | null) => {
        // Link the text to its ticket and record the TwiML answer as a sent outbound text (so the timeline
        // shows it; status 'sent' keeps the outbox worker from ever sending it again): one statement.
        const template = kind === 'new' || kind === 'repeat' ? 'ticket.registered' : `intake.${kind}`;
        const at = now.toISOString();
        await tx.execute(sql`with u as (
            update messages set ticket_id = ${ticket?.id ?? null},
                   meta = meta || ${JSON.stringify({ reply, outcome: kind })}::jsonb, updated_at = ${at}::timestamptz
             where id = ${msg.id}
          )
          insert into messages (ticket_id, contact_id, channel, direction, to_addr, from_addr, body, status, template,
                                sent_at, meta, created_at, updated_at)
          values (${ticket?.id ?? null}, ${contact.id}, 'sms', 'out', ${sms.from}, ${sms.to}, ${reply}, 'sent', ${template},
                  ${at}::timestamptz, ${JSON.stringify({ via: 'twiml', inReplyTo: sms.messageSid })}::jsonb,
                  ${at}::timestamptz, ${at}::timestamptz)`);
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

      const no = ticketNo ?? (await ticketNoInTx(tx, now));
      const r = await registerCitizenTicket(
        tx,
        deps,
        no,
        {
          channel: 'sms',
          type: 'help',
          content: body || '（彩信，无文字内容）',
          contactId: contact.id,
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
