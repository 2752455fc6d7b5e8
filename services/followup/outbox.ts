import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { parseJsonColumn, queryRowsPrepared } from '../../db/rows.ts';
import { contacts, type messages, tickets } from '../../db/schema/index.ts';
import { releaseTime } from '../../domain/followup/quietHours.ts';
import { clip, renderTemplate, type TemplateText } from '../../domain/followup/templates.ts';
import { labels, type MessageChannel } from '../../domain/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { currentRequestId } from '../requestContext.ts';
import { type FollowupSettings, loadFollowupSettings, settingsOfRows } from './settings.ts';
import { lookupOfRows, type TemplateRow, templateLookup } from './templates.ts';

export interface EnqueueMessageInput {
  ticketId?: number | null;
  contactId?: number | null;
  /** Default: SMS when the citizen has a phone, else e-mail. */
  channel?: MessageChannel;
  template: string;
  vars: Record<string, string | number>;
  /** Urgent messages ignore quiet hours. Default: the template's setting. */
  urgent?: boolean;
  /** Explicit address; default the contact's phone / e-mail. */
  to?: string;
  /** The same key twice writes one row (e.g. `revisit:<id>`): a retried caller never queues twice. */
  idempotencyKey?: string;
  /** E-mail threading: the citizen's Message-ID this answers. */
  inReplyTo?: string;
}

/** pg_notify is transactional: the outbox worker hears about a row only once it is committed. */
export const OUTBOX_CHANNEL = 'huiyin_outbox';

/** Variables every template can use, taken from the ticket. */
function ticketVars(
  deps: Deps,
  t: { ticketNo: string; queryCode: string; title: string; type: keyof typeof labels.ticketType } | null,
  channel: MessageChannel,
  now: Date,
): Record<string, string> {
  const date = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const base = { hotline: '12345', date, statusUrl: `${deps.config.publicBaseUrl}/public/` };
  if (!t) return base;
  return {
    ...base,
    ticketNo: t.ticketNo,
    queryCode: t.queryCode,
    title: channel === 'sms' ? clip(t.title, 20) : t.title,
    typeLabel: labels.ticketType[t.type],
  };
}

export interface MessageTicket {
  id: number;
  ticketNo: string;
  queryCode: string;
  title: string;
  type: keyof typeof labels.ticketType;
  confidential: boolean;
  contactId: number | null;
}

export interface MessageContact {
  id: number;
  phone: string | null;
  email: string | null;
  smsOptOut: boolean;
}

/** Templates already read from the database: see templateLookup. */
export type TemplateLookup = (code: string, channel: MessageChannel) => TemplateText | null | undefined;

/**
 * What planMessage needs besides the ticket and the contact, for the templates `codes`, in one prepared
 * statement. Intake reads it with every group-commit batch, where the two drizzle selects of templateLookup
 * and loadFollowupSettings cost more CPU than the batch's whole insert statement.
 */
export async function loadPlanningContext(
  tx: Executor,
  codes: string[],
): Promise<{ template: TemplateLookup; settings: FollowupSettings }> {
  const [row] = await queryRowsPrepared<{ templates: unknown; settings: unknown }>(
    tx,
    sql`select
          (select coalesce(json_agg(t), '[]'::json) from (
             select code, channel, active, subject, body, confidential_body as "confidentialBody", urgent
               from message_templates
              where code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))) t) as templates,
          (select coalesce(json_agg(s), '[]'::json) from (select key, value from followup_settings) s) as settings`,
  );
  return {
    template: lookupOfRows(codes, parseJsonColumn<TemplateRow[]>(row?.templates ?? '[]')),
    settings: settingsOfRows(parseJsonColumn<Array<{ key: string; value: unknown }>>(row?.settings ?? '[]')),
  };
}

/** What planMessage decided: the outbox row, and whether the worker should be told about it. */
export interface PlannedMessage {
  row: typeof messages.$inferInsert & { channel: MessageChannel; status: string; notBefore: Date };
  ticketId: number | null;
  template: string;
  suppressed: boolean;
  missing: string[];
}

/**
 * The outbox row for one notification, from data the caller already has (no I/O): channel and address,
 * template, rendering, quiet hours and opt-out. Null when there is nobody to tell or the template is off.
 */
export function planMessage(
  deps: Deps,
  input: EnqueueMessageInput,
  ctx: {
    ticket: MessageTicket | null;
    contact: MessageContact | null;
    template: TemplateLookup;
    settings: FollowupSettings;
  },
  now: Date,
): PlannedMessage | null {
  const { ticket, contact } = ctx;
  const contactId = input.contactId ?? ticket?.contactId ?? null;
  let channel: MessageChannel =
    input.channel ?? (input.to ? (input.to.includes('@') ? 'email' : 'sms') : contact?.phone ? 'sms' : 'email');
  // Opted out of SMS but reachable by e-mail: tell them there, unless the caller insisted on SMS.
  if (channel === 'sms' && !input.channel && !input.to && contact?.smsOptOut && contact.email) channel = 'email';
  const to = input.to ?? (channel === 'sms' ? contact?.phone : contact?.email) ?? null;
  if (!to) return null;

  let template = ctx.template(input.template, channel);
  if (template === undefined && channel === 'email') {
    // No e-mail version: the SMS text, with a threaded subject.
    const sms = ctx.template(input.template, 'sms');
    if (sms) template = { ...sms, subject: '12345热线通知', confidentialBody: null };
    else if (sms === null) template = null;
  }
  if (template === undefined) throw new AppError('internal', `未知的消息模板 ${input.template}（${channel}）`);
  if (template === null) return null;

  const vars: Record<string, string | number> = { ...ticketVars(deps, ticket, channel, now), ...input.vars };
  if (channel === 'sms' && typeof vars.replySummary === 'string') vars.replySummary = clip(vars.replySummary, 70);
  const rendered = renderTemplate({ template, channel, confidential: ticket?.confidential ?? false, vars });
  let subject = rendered.subject;
  if (channel === 'email') {
    subject ??= '12345热线通知';
    // The ticket number in the subject lets the citizen's reply find its ticket even without headers.
    if (ticket && !subject.includes(`[#${ticket.ticketNo}]`)) subject = `[#${ticket.ticketNo}] ${subject}`;
  }

  const urgent = input.urgent ?? template.urgent ?? false;
  const suppressed = channel === 'sms' && (contact?.smsOptOut ?? false);
  const notBefore = channel === 'sms' ? releaseTime(now, urgent, ctx.settings.quietHours) : now;
  const status = suppressed ? 'suppressed' : notBefore.getTime() > now.getTime() ? 'held' : 'queued';
  return {
    row: {
      ticketId: ticket?.id ?? null,
      contactId,
      channel,
      direction: 'out',
      toAddr: to,
      fromAddr: channel === 'sms' ? (deps.config.TWILIO_FROM ?? null) : (deps.config.MAIL_FROM ?? null),
      subject,
      body: rendered.body,
      status,
      template: input.template,
      idempotencyKey: input.idempotencyKey ?? null,
      urgent,
      notBefore,
      meta: {
        confidential: ticket?.confidential ?? false,
        ...(rendered.missing.length ? { missingVars: rendered.missing } : {}),
        ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
      },
      createdAt: now,
      updatedAt: now,
    },
    ticketId: ticket?.id ?? null,
    template: input.template,
    suppressed,
    missing: rendered.missing,
  };
}

/**
 * Writes planned outbox rows in one statement: the rows, a `message.queued` event per ticket message, and a
 * pg_notify per row the worker should send (transactional: heard only once committed). A row whose
 * idempotency key exists already writes nothing and answers with the existing row (null if suppressed).
 */
export async function insertPlannedMessages(
  tx: Executor,
  deps: Deps,
  plans: PlannedMessage[],
  now: Date,
): Promise<Array<{ messageId: number } | null>> {
  if (plans.length === 0) return [];
  const rows = await queryRowsPrepared<{
    ord: number;
    id: string | null;
    existing_id: string | null;
    existing_status: string;
  }>(tx, plannedMessagesStatement(deps, plans, now));
  return plans.map((p, i) => {
    const r = rows[i];
    if (r?.id) return p.suppressed ? null : { messageId: Number(r.id) };
    if (!r?.existing_id) throw new AppError('internal', 'outbox insert returned nothing');
    return r.existing_status === 'suppressed' ? null : { messageId: Number(r.existing_id) };
  });
}

/**
 * insertPlannedMessages' statement, for a caller that does not need the message ids (a group commit sends
 * it behind its other statements, services/intake/batch.ts). `plans` must not be empty.
 */
export function plannedMessagesStatement(deps: Deps, plans: PlannedMessage[], now: Date): SQL {
  for (const p of plans) {
    if (p.missing.length) deps.logger.warn({ template: p.template, missing: p.missing }, 'template variables missing');
  }
  const input = plans.map((p, ord) => ({
    ord,
    ticket_id: p.row.ticketId ?? null,
    contact_id: p.row.contactId ?? null,
    channel: p.row.channel,
    to_addr: p.row.toAddr,
    from_addr: p.row.fromAddr ?? null,
    subject: p.row.subject ?? null,
    body: p.row.body,
    status: p.row.status,
    template: p.row.template ?? null,
    idempotency_key: p.row.idempotencyKey ?? null,
    urgent: p.row.urgent ?? false,
    not_before: p.row.notBefore.toISOString(),
    meta: p.row.meta ?? {},
  }));
  const at = now.toISOString();
  return sql`with x as (
          select * from json_to_recordset(${JSON.stringify(input)}::json) as x(
            ord int, ticket_id int, contact_id int, channel text, to_addr text, from_addr text, subject text, body text,
            status text, template text, idempotency_key text, urgent boolean, not_before timestamptz, meta jsonb)
        ),
        ids as (select ord, nextval(pg_get_serial_sequence('messages', 'id')) as id from x),
        m as (
          insert into messages (id, ticket_id, contact_id, channel, direction, to_addr, from_addr, subject, body, status,
                                template, idempotency_key, urgent, not_before, meta, created_at, updated_at)
          select ids.id, x.ticket_id, x.contact_id, x.channel::message_channel, 'out', x.to_addr, x.from_addr, x.subject,
                 x.body, x.status, x.template, x.idempotency_key, x.urgent, x.not_before, x.meta,
                 ${at}::timestamptz, ${at}::timestamptz
            from x join ids using (ord)
          on conflict (idempotency_key) do nothing
          returning id, ticket_id, channel, status, template, not_before
        ),
        e as (
          insert into ticket_events (ticket_id, action, at, actor_kind, request_id, payload)
          select m.ticket_id, 'message.queued', ${at}::timestamptz, 'system', ${currentRequestId() ?? null},
                 jsonb_build_object('messageId', m.id, 'template', m.template, 'channel', m.channel, 'status', m.status,
                   'notBefore', to_char(m.not_before at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            from m where m.ticket_id is not null
        ),
        -- One notification per statement (ids comma-separated, at most 500 to one, within NOTIFY's 8,000
        -- bytes): the listener takes them in one query, not one per message.
        n as (
          select count(pg_notify(${OUTBOX_CHANNEL}, ids)) as n from (
            select string_agg(id::text, ',' order by id) as ids
              from (select m.id, (row_number() over (order by m.id) - 1) / 500 as chunk
                      from m where m.status <> 'suppressed') q
             group by chunk
          ) s
        )
        select ids.ord, m.id, old.id as existing_id, old.status as existing_status
          from ids join x using (ord)
          left join m on m.id = ids.id
          -- Lateral with a limit: one probe of messages_idem_uq per skipped row, never a scan of the outbox.
          left join lateral (
            select o.id, o.status from messages o
             where m.id is null and x.idempotency_key is not null and o.idempotency_key = x.idempotency_key
             limit 1
          ) old on true
          cross join n
         order by ids.ord`;
}

/** The ticket and citizen a message is about, in one query. */
async function loadMessageSubjects(
  tx: Executor,
  ticketId: number | null | undefined,
  contactId: number | null | undefined,
): Promise<{ ticket: MessageTicket | null; contact: MessageContact | null }> {
  let ticket: MessageTicket | null = null;
  if (ticketId) {
    [ticket = null] = await tx
      .select({
        id: tickets.id,
        ticketNo: tickets.ticketNo,
        queryCode: tickets.queryCode,
        title: tickets.title,
        type: tickets.type,
        confidential: tickets.confidential,
        contactId: tickets.contactId,
      })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .limit(1);
    if (!ticket) throw new AppError('not_found', `工单 ${ticketId} 不存在`);
  }
  const cid = contactId ?? ticket?.contactId ?? null;
  const [contact = null] = cid
    ? await tx
        .select({ id: contacts.id, phone: contacts.phone, email: contacts.email, smsOptOut: contacts.smsOptOut })
        .from(contacts)
        .where(eq(contacts.id, cid))
        .limit(1)
    : [];
  return { ticket, contact };
}

/**
 * Writes an outbox row in the caller's transaction, so the message exists if and only if the change that
 * caused it does. Returns null when there is nobody to tell: no address, the citizen opted out of SMS (a
 * 'suppressed' row records that), or an administrator switched the template off.
 */
export async function enqueueMessage(
  tx: Executor,
  deps: Deps,
  input: EnqueueMessageInput,
  now: Date,
): Promise<{ messageId: number } | null> {
  const [{ ticket, contact }, template, settings] = await Promise.all([
    loadMessageSubjects(tx, input.ticketId, input.contactId),
    templateLookup(tx, [input.template]),
    loadFollowupSettings(tx),
  ]);
  const plan = planMessage(deps, input, { ticket, contact, template, settings }, now);
  if (!plan) return null;
  const [out] = await insertPlannedMessages(tx, deps, [plan], now);
  return out ?? null;
}
