import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRowsPrepared } from '../../db/rows.ts';
import { contacts, messages, tickets } from '../../db/schema/index.ts';
import { parseSmsAnswer } from '../../domain/followup/revisit.ts';
import { smsKeyword, ticketNoInText } from '../../domain/intake/keywords.ts';
import { reportedNumberKey } from '../../domain/phone.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events.ts';
import { handleCitizenSmsReply } from '../followup/citizenReply.ts';
import { afterInfoAnswered, answerInfoRequest, type InfoAnswer } from '../followup/infoRequests.ts';
import { isUniqueViolation, type Ticket } from '../tickets.ts';
import { type Defer, GROUP_COMMIT, GroupCommit } from './batch.ts';
import { ADMITTED_SMS } from './fastInsert.ts';
import {
  announceTicket,
  type CitizenIntakeItem,
  type Registered,
  registerCitizenTickets,
  SourceKeyTaken,
} from './register.ts';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: Array<{ url: string; contentType: string | null }>;
}

export type SmsOutcomeKind = 'new' | 'repeat' | 'addition' | 'info' | 'reply' | 'opt_out' | 'opt_in' | 'duplicate';

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

interface SmsItem {
  sms: InboundSms;
  phone: string;
  body: string;
  keyword: ReturnType<typeof smsKeyword>;
}

interface SmsWritten {
  /** The MessageSid was stored by an earlier delivery: answer with what that one answered. */
  redelivered: boolean;
  outcome: SmsOutcome | null;
  created: Ticket | null;
  /** A request for information this text answered: its follow-up runs once the batch commits. */
  answered: InfoAnswer | null;
}

interface Finish {
  kind: SmsOutcomeKind;
  reply: string;
  ticket: { id: number; ticketNo: string } | null;
  answered?: InfoAnswer;
}

/**
 * The citizens and their texts in one statement; a MessageSid already stored inserts nothing (null). It
 * also publishes, for this transaction, the texts it stored that no request for information awaits
 * (ADMITTED_SMS): the next statement writes tickets for those of them that read as new matters.
 */
async function storeInbound(tx: Executor, items: SmsItem[], now: Date) {
  const at = now.toISOString();
  const x = items.map((it, ord) => ({
    ord,
    phone: it.phone,
    to_addr: it.sms.to,
    from_addr: it.sms.from,
    body: it.sms.body,
    sid: it.sms.messageSid,
    meta: it.sms.media.length ? { media: it.sms.media } : {},
  }));
  const rows = await queryRowsPrepared<{
    ord: number;
    contact_id: number;
    message_id: string | null;
    awaited: boolean;
  }>(
    tx,
    sql`with x as (
          select * from json_to_recordset(${JSON.stringify(x)}::json)
            as x(ord int, phone text, to_addr text, from_addr text, body text, sid text, meta jsonb)
        ),
        c as (
          insert into contacts (phone) select distinct phone from x
          on conflict (phone) do update set updated_at = contacts.updated_at
          returning id, phone
        ),
        m as (
          insert into messages (contact_id, channel, direction, to_addr, from_addr, body, status, provider_id, meta,
                                created_at, updated_at)
          select c.id, 'sms', 'in', x.to_addr, x.from_addr, x.body, 'received', x.sid, x.meta, ${at}::timestamptz,
                 ${at}::timestamptz
            from x join c on c.phone = x.phone order by x.ord
          on conflict do nothing
          returning id, provider_id
        ),
        r as (
          select x.ord, x.sid, c.id as contact_id, m.id as message_id,
                 -- Is a request for more information waiting for this citizen's answer? (one probe per text)
                 exists (select 1 from info_requests r join tickets t on t.id = r.ticket_id
                          where r.status = 'open' and t.contact_id = c.id) as awaited
            from x join c on c.phone = x.phone
            -- The same MessageSid twice in one batch: only its first row owns the stored text.
            left join m on m.provider_id = x.sid and x.ord = (select min(x2.ord) from x x2 where x2.sid = x.sid)
        ),
        -- For the ticket insert sent right behind this statement (services/intake/fastInsert.ts ADMITTED_SMS).
        admitted as (
          select set_config(${ADMITTED_SMS}, coalesce(json_agg(sid), '[]')::text, true)
            from r where message_id is not null and not awaited
        )
        select r.ord, r.contact_id, r.message_id, r.awaited from r cross join admitted order by r.ord`,
  );
  return rows.map((r) => ({
    contactId: Number(r.contact_id),
    messageId: r.message_id ? Number(r.message_id) : null,
    awaited: r.awaited === true,
  }));
}

/**
 * Links each text to its ticket and records each TwiML answer as a sent outbound text (so the timeline shows
 * it; status 'sent' keeps the outbox worker from ever sending it again): one statement for the batch.
 */
function answersStatement(
  rows: Array<{ item: SmsItem; contactId: number; messageId: number; finish: Finish }>,
  now: Date,
): SQL | null {
  if (rows.length === 0) return null;
  const at = now.toISOString();
  const f = rows.map(({ item, contactId, messageId, finish }) => ({
    message_id: messageId,
    ticket_id: finish.ticket?.id ?? null,
    contact_id: contactId,
    reply: finish.reply,
    meta: { reply: finish.reply, outcome: finish.kind },
    template: finish.kind === 'new' || finish.kind === 'repeat' ? 'ticket.registered' : `intake.${finish.kind}`,
    to_addr: item.sms.from,
    from_addr: item.sms.to,
    out_meta: { via: 'twiml', inReplyTo: item.sms.messageSid },
  }));
  return sql`with f as (
      select * from json_to_recordset(${JSON.stringify(f)}::json) as f(message_id bigint, ticket_id int,
        contact_id int, reply text, meta jsonb, template text, to_addr text, from_addr text, out_meta jsonb)
    ),
    u as (
      update messages m set ticket_id = f.ticket_id, meta = m.meta || f.meta, updated_at = ${at}::timestamptz
        from f where m.id = f.message_id
    )
    insert into messages (ticket_id, contact_id, channel, direction, to_addr, from_addr, body, status, template,
                          sent_at, meta, created_at, updated_at)
    select f.ticket_id, f.contact_id, 'sms', 'out', f.to_addr, f.from_addr, f.reply, 'sent', f.template,
           ${at}::timestamptz, f.out_meta, ${at}::timestamptz, ${at}::timestamptz
      from f`;
}

/** What a stored text means, unless it is a plain new matter (null): keyword, awaited answer, addition. */
async function interpret(
  tx: Executor,
  deps: Deps,
  item: SmsItem,
  stored: { contactId: number; messageId: number; awaited: boolean },
  now: Date,
): Promise<Finish | null> {
  const { contactId, messageId } = stored;
  if (item.keyword === 'opt_out') {
    await tx.update(contacts).set({ smsOptOut: true, updatedAt: now }).where(eq(contacts.id, contactId));
    return { kind: 'opt_out', reply: '【12345】您已退订热线短信通知。回复“订阅”或START可恢复。', ticket: null };
  }
  if (item.keyword === 'opt_in') {
    await tx.update(contacts).set({ smsOptOut: false, updatedAt: now }).where(eq(contacts.id, contactId));
    return { kind: 'opt_in', reply: '【12345】您已恢复接收热线短信通知。回复“退订”或STOP可退订。', ticket: null };
  }
  const answered = await handleCitizenSmsReply(
    tx,
    deps,
    { contactId, ticketId: null, body: item.body, messageId },
    now,
  );
  if (answered.handled) {
    const [t] = answered.ticketId
      ? await tx
          .select({ id: tickets.id, ticketNo: tickets.ticketNo })
          .from(tickets)
          .where(eq(tickets.id, answered.ticketId))
      : [];
    return { kind: 'reply', reply: answered.reply ?? '【12345】您的回复已收到，谢谢。', ticket: t ?? null };
  }
  const info = stored.awaited
    ? await answerInfoRequest(tx, deps, { contactId, text: item.body, messageId, via: 'sms' }, now)
    : null;
  if (info) {
    return {
      kind: 'info',
      reply: `【12345】已收到您对工单${info.ticketNo}的补充，我们将尽快办理。`,
      ticket: { id: info.ticketId, ticketNo: info.ticketNo },
      answered: info,
    };
  }
  const quoted = ticketNoInText(item.body);
  if (quoted) {
    const [t] = await tx
      .select({ id: tickets.id, ticketNo: tickets.ticketNo, status: tickets.status })
      .from(tickets)
      .where(and(eq(tickets.ticketNo, quoted), eq(tickets.contactId, contactId)));
    if (t && !CLOSED.has(t.status)) {
      await recordEvent(tx, {
        ticketId: t.id,
        action: 'message.received',
        at: now,
        actorKind: 'citizen',
        payload: { messageId, channel: 'sms', addition: true },
      });
      return { kind: 'addition', reply: `【12345】已收到您对工单${t.ticketNo}的补充内容，我们将一并处理。`, ticket: t };
    }
  }
  return null;
}

/** The ticket a text makes when it is a new matter. */
function ticketOfText(item: SmsItem, contact: { contactId: number } | { inboundSms: string }): CitizenIntakeItem {
  return {
    input: {
      channel: 'sms' as const,
      type: 'help' as const,
      content: item.body || '（彩信，无文字内容）',
      ...('contactId' in contact ? { contactId: contact.contactId } : { contact: { phone: item.phone } }),
      sourceKey: `sms:${item.sms.messageSid}`,
      extra: item.sms.media.length ? { media: item.sms.media } : {},
    },
    actor: { id: null, kind: 'citizen' as const },
    inboundSms: 'inboundSms' in contact ? contact.inboundSms : null,
    // The TwiML reply is the registration notice; an outbox SMS as well would text the citizen twice.
    opts: { notify: false as const },
  };
}

/** Nothing but its text can tell this is no new matter: no keyword, no revisit answer, no ticket quoted. */
function looksNew(item: SmsItem): boolean {
  return item.keyword === null && parseSmsAnswer(item.body) === null && ticketNoInText(item.body) === null;
}

/**
 * A group-commit batch of inbound texts: stored (deduplicated on MessageSid) in one statement, then each
 * the first that applies of: opt-out/opt-in keyword, an answer Follow-up is waiting for (revisit 1/2/3), an
 * addition to a ticket the citizen quotes by number, else a new ticket (linked as a repeat when it is one).
 *
 * Most texts are new matters, and their tickets are written in the same round trip as the texts: sent right
 * behind the store, guarded so that a text the store did not take (a redelivery) or one a request for
 * information awaits (an answer, whatever it says) makes no ticket (fastInsert's `inboundSms`). Only the
 * rest wait for the store's answer to be interpreted; the answers are one more statement, sent with the
 * COMMIT.
 */
async function writeSmsBatch(tx: Executor, deps: Deps, items: SmsItem[], defer: Defer): Promise<SmsWritten[]> {
  const now = deps.clock.now();
  const plain = items.flatMap((item, i) => (looksNew(item) ? [i] : []));
  const [stored, early] = await Promise.all([
    storeInbound(tx, items, now),
    plain.length
      ? registerCitizenTickets(
          tx,
          deps,
          plain.map((i) => {
            const item = items[i] as SmsItem;
            return ticketOfText(item, { inboundSms: item.sms.messageSid });
          }),
          now,
        )
      : [],
  ]);
  const finishes: Array<Finish | null> = items.map(() => null);
  const created = new Map<number, Ticket>();
  const register = (i: number, r: Registered | null | undefined) => {
    if (!r || r.existing) throw new SourceKeyTaken(r?.ticket.ticketNo ?? '?');
    created.set(i, r.ticket);
    finishes[i] = {
      kind: r.repeat ? 'repeat' : 'new',
      reply: registeredReply(deps, r.ticket, r.repeat?.originalTicketNo ?? null),
      ticket: r.ticket,
    };
  };
  plain.forEach((i, k) => {
    const r = early[k];
    // A text the store did not take is a redelivery, answered as the first delivery was (a second copy of it
    // in this batch found the first one's ticket); one kept out by its guard is interpreted below.
    if (stored[i]?.messageId && r) register(i, r);
  });
  await Promise.all(
    items.map(async (item, i) => {
      const s = stored[i];
      if (!s?.messageId || finishes[i]) return;
      finishes[i] = await interpret(
        tx,
        deps,
        item,
        { contactId: s.contactId, messageId: s.messageId, awaited: s.awaited },
        now,
      );
    }),
  );
  // Texts that turned out to be new matters after all (a quoted ticket that is not theirs or is closed, an
  // awaited answer whose request closed meanwhile) take their numbers now: keywords and answers leave no gaps.
  const late = items.flatMap((item, i) => {
    const s = stored[i];
    return s?.messageId && !finishes[i] ? [{ i, ticket: ticketOfText(item, { contactId: s.contactId }) }] : [];
  });
  if (late.length) {
    const registered = await registerCitizenTickets(
      tx,
      deps,
      late.map((l) => l.ticket),
      now,
    );
    late.forEach((l, k) => {
      register(l.i, registered[k]);
    });
  }
  const answers = items.flatMap((item, i) => {
    const s = stored[i];
    const finish = finishes[i];
    return s?.messageId && finish ? [{ item, contactId: s.contactId, messageId: s.messageId, finish }] : [];
  });
  // Nothing below needs its result: the group commit sends it with the COMMIT.
  const answering = answersStatement(answers, now);
  if (answering) defer(answering);
  return items.map((_, i): SmsWritten => {
    const s = stored[i];
    const finish = finishes[i];
    if (!s?.messageId || !finish) return { redelivered: true, outcome: null, created: null, answered: null };
    return {
      redelivered: false,
      outcome: {
        kind: finish.kind,
        reply: finish.reply,
        ticketId: finish.ticket?.id ?? null,
        ticketNo: finish.ticket?.ticketNo ?? null,
        messageId: s.messageId,
      },
      created: created.get(i) ?? null,
      answered: finish.answered ?? null,
    };
  });
}

const writers = new WeakMap<Deps, GroupCommit<SmsItem, SmsWritten>>();

function smsWriter(deps: Deps): GroupCommit<SmsItem, SmsWritten> {
  let w = writers.get(deps);
  if (!w) {
    w = new GroupCommit<SmsItem, SmsWritten>(
      deps.db,
      (tx, items, defer) => writeSmsBatch(tx, deps, items, defer),
      GROUP_COMMIT,
    );
    writers.set(deps, w);
  }
  return w;
}

/** One inbound text, committed with the others that arrived at the same moment (see writeSmsBatch). */
export async function handleInboundSms(deps: Deps, sms: InboundSms): Promise<SmsOutcome> {
  const phone = reportedNumberKey(sms.from);
  if (!phone) throw new AppError('validation', '缺少发送号码', { fields: [{ path: 'From', message: '不能为空' }] });
  const body = sms.body.trim();
  const keyword = smsKeyword(body);
  let written: SmsWritten;
  try {
    written = await smsWriter(deps).run({ sms, phone, body, keyword });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await previousOutcome(deps, sms.messageSid);
      if (first) return first;
    }
    throw err;
  }
  // A MessageSid stored before (a redelivery, in turn or at once): the same answer as the first time.
  if (written.redelivered || !written.outcome) {
    const first = await previousOutcome(deps, sms.messageSid);
    if (first) return first;
    throw new AppError('internal', `短信 ${sms.messageSid} 未能保存`);
  }
  if (written.created) announceTicket(deps, written.created);
  await afterInfoAnswered(deps, written.answered);
  return written.outcome;
}
