import { randomFillSync } from 'node:crypto';
import { getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { parseJsonColumn, queryRowsPrepared } from '../../db/rows.ts';
import { tickets } from '../../db/schema/index.ts';
import { REPEAT_WINDOW_DAYS, type RepeatPrior } from '../../domain/intake/repeat.ts';
import { newQueryCode, shanghaiDay } from '../../domain/ticketNo.ts';
import type { MessageContact } from '../followup/outbox.ts';
import { countTicketCreated } from '../metrics.ts';
import { type Actor, type NewTicket, type Ticket, ticketSearchText, titleFrom } from '../tickets.ts';

/**
 * Transaction-local setting in which the statement that stores a batch's inbound texts publishes the
 * MessageSids it stored and no request for information awaits (a JSON array): the texts that are new
 * matters if their words say so. Rows with `inboundSms` are written only for these. A setting, not a probe
 * of `messages`: the statement after reads it whatever the planner thinks of the tables.
 */
export const ADMITTED_SMS = 'huiyin.admitted_sms';

export type PriorTicket = RepeatPrior & { ticketNo: string; status: string };

export interface IntakeRow {
  /** Given by callers that took a number themselves; otherwise the insert takes the next of the day. */
  ticketNo?: string | null;
  input: NewTicket & { contactId?: number | null };
  actor: Actor;
  /**
   * The MessageSid of the inbound text this ticket is made from, stored by an earlier statement of the same
   * transaction (services/intake/sms.ts sends both at once). The row is written only if that statement
   * admitted the text (see ADMITTED_SMS); otherwise nothing is written for it and it is not `admitted`. Its
   * number is taken anyway, a gap like a redelivery's.
   */
  inboundSms?: string | null;
}

/** One row's result; `ticket` is null when its source key was already taken (a redelivery) or it was not admitted. */
export interface InsertedIntake {
  /** false: its `inboundSms` guard kept the row out. */
  admitted: boolean;
  ticket: Ticket | null;
  contact: MessageContact | null;
  /** The citizen's tickets of the last 30 days, newest first: the repeat candidates. */
  priors: PriorTicket[];
}

/**
 * The tickets columns the insert returns. Not the search words and their tsvector: the batch knows the
 * words it wrote, and the tsvector's text would only travel back to be thrown away.
 */
const UNRETURNED = new Set(['searchText', 'searchTsv']);
const COLUMNS = Object.entries(getTableColumns(tickets))
  .filter(([key]) => !UNRETURNED.has(key))
  .map(([key, col]) => ({
    key,
    sqlName: key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(),
    date: col.columnType === 'PgTimestamp',
  }));
const RETURNING = sql.raw(COLUMNS.map((c) => c.sqlName).join(', '));

/** A tickets row from row_to_json (snake_case, ISO strings) in the shape drizzle returns. */
function ticketFromJson(raw: Record<string, unknown>, searchText: string): Ticket {
  const out: Record<string, unknown> = { searchText, searchTsv: null };
  for (const c of COLUMNS) {
    const v = raw[c.sqlName];
    out[c.key] = c.date && typeof v === 'string' ? new Date(v) : (v ?? null);
  }
  return out as Ticket;
}

/** Query codes from one CSPRNG fill per 4 KB instead of a call per ticket; every byte is used once. */
const entropy = Buffer.alloc(4096);
let drawn = entropy.length;
function pooledRandomBytes(n: number): Uint8Array {
  if (drawn + n > entropy.length) {
    randomFillSync(entropy);
    drawn = 0;
  }
  drawn += n;
  return entropy.subarray(drawn - n, drawn);
}

function priorFromJson(p: Record<string, unknown>): PriorTicket {
  return {
    id: Number(p.id),
    ticketNo: String(p.ticket_no),
    contactId: p.contact_id === null ? null : Number(p.contact_id),
    categoryId: p.category_id === null ? null : Number(p.category_id),
    title: String(p.title),
    content: String(p.content),
    createdAt: new Date(String(p.created_at)),
    repeatOfId: p.repeat_of_id === null ? null : Number(p.repeat_of_id),
    status: String(p.status),
  };
}

function priorOf(t: Ticket): PriorTicket {
  const { id, ticketNo, contactId, categoryId, title, content, createdAt, repeatOfId, status } = t;
  return { id, ticketNo, contactId, categoryId, title, content, createdAt, repeatOfId, status };
}

/**
 * insertTicket (services/tickets.ts) for the intake hot path, for a whole group-commit batch in one
 * statement: the contact upserts, the tickets, their `ticket.created` events, and each citizen's tickets of
 * the last 30 days (the repeat candidates). Same columns, same event, same contact rules as insertTicket;
 * only the round trips differ. A row whose `contactId` is given skips the contact upsert. A source key that
 * exists already inserts nothing for its row (ticket null) instead of failing the batch.
 */
export async function insertIntakeTickets(tx: Executor, rows: IntakeRow[], now: Date): Promise<InsertedIntake[]> {
  if (rows.length === 0) return [];
  const at = now.toISOString();
  const since = new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
  const day = shanghaiDay(now);
  let need = 0;
  const x = rows.map(({ ticketNo, input, actor, inboundSms }, ord) => {
    const title = input.title?.trim() || titleFrom(input.content);
    return {
      ord,
      ticket_no: ticketNo ?? null,
      need_ord: ticketNo ? null : ++need,
      channel: input.channel,
      type: input.type,
      priority: input.priority ?? 'normal',
      title,
      content: input.content,
      address: input.address ?? null,
      category_id: input.categoryId ?? null,
      district_id: input.districtId ?? null,
      contact_id: input.contactId ?? null,
      phone: input.contactId ? null : input.contact?.phone || null,
      email: input.contactId ? null : input.contact?.email?.trim().toLowerCase() || null,
      name: input.contactId ? null : input.contact?.name?.trim() || null,
      confidential: input.confidential ?? false,
      query_code: newQueryCode(pooledRandomBytes),
      created_by_id: actor.kind === 'user' ? actor.id : null,
      call_id: input.callId ?? null,
      source_key: input.sourceKey ?? null,
      extra: input.extra ?? {},
      search_text: ticketSearchText(title, input.content, input.address),
      actor_id: actor.id,
      actor_kind: actor.kind,
      request_id: actor.requestId ?? null,
      inbound_sid: inboundSms ?? null,
    };
  });
  // The day's next numbers for the rows without one, in this transaction and in a statement of its own: the
  // counter row stays locked until the batch commits, so a concurrent batch waits here, and its insert below
  // then starts with a snapshot that sees this batch's tickets (a citizen's two submissions in two batches
  // are still checked against each other). A batch that rolls back gives its numbers back. The insert is
  // sent right behind it (pipelined: no round trip between them) and reads the block from the counter row,
  // which this transaction has just moved.
  const counting = need
    ? queryRowsPrepared(
        tx,
        sql`insert into ticket_counters (day, last) values (${day}, ${need})
            on conflict (day) do update set last = ticket_counters.last + ${need} returning last`,
      )
    : Promise.resolve([]);
  const inserting = queryRowsPrepared<{
    ord: number;
    admitted: boolean;
    ticket: unknown;
    contact: unknown;
    priors: unknown;
  }>(
    tx,
    sql`with x as (
          select * from json_to_recordset(${JSON.stringify(x)}::json) as x(
            ord int, ticket_no text, need_ord int, channel text, type text, priority text, title text, content text, address text,
            category_id int, district_id int, contact_id int, phone text, email text, name text, confidential boolean,
            query_code text, created_by_id int, call_id text, source_key text, extra jsonb, search_text text,
            actor_id int, actor_kind text, request_id text, inbound_sid text)
        ),
        -- One upsert per distinct phone: two submissions from one citizen in a batch share the contact. An
        -- e-mail already owned by another contact stays there rather than failing the intake.
        cp as (
          insert into contacts (phone, email, name)
          select distinct on (x.phone) x.phone, case when taken.id is null then x.email end, x.name
            from x
            -- Lateral with a limit: one probe of the e-mail index per row, never a hash of all contacts.
            left join lateral (
              select o.id from contacts o where x.email is not null and o.email = x.email limit 1
            ) taken on true
           where x.phone is not null
           order by x.phone, x.ord
          on conflict (phone) do update set name = coalesce(contacts.name, excluded.name),
            email = coalesce(contacts.email, excluded.email), updated_at = now()
          returning id, phone, email, sms_opt_out
        ),
        ce as (
          insert into contacts (email, name)
          select distinct on (x.email) x.email, x.name from x
           where x.phone is null and x.email is not null
           order by x.email, x.ord
          on conflict (email) do update set name = coalesce(contacts.name, excluded.name), updated_at = now()
          returning id, phone, email, sms_opt_out
        ),
        block as (select coalesce((select last from ticket_counters where day = ${day}), 0) - ${need}::int as first),
        xn as (
          select x.*, coalesce(x.ticket_no,
                   ${day} || lpad((block.first + x.need_ord)::text,
                                  greatest(6, length((block.first + x.need_ord)::text)), '0')) as tno
            from x cross join block
        ),
        xc as (
          select x.*, coalesce(x.contact_id, cp.id, ce.id) as cid,
                 case when x.contact_id is not null then
                        (select json_build_object('id', c.id, 'phone', c.phone, 'email', c.email, 'smsOptOut', c.sms_opt_out)
                           from contacts c where c.id = x.contact_id)
                      when cp.id is not null then
                        json_build_object('id', cp.id, 'phone', cp.phone, 'email', cp.email, 'smsOptOut', cp.sms_opt_out)
                      when ce.id is not null then
                        json_build_object('id', ce.id, 'phone', ce.phone, 'email', ce.email, 'smsOptOut', ce.sms_opt_out)
                 end as contact
            from xn x left join cp on cp.phone = x.phone
                   left join ce on ce.email = x.email and x.phone is null
        ),
        xa as (
          select xc.*, (xc.inbound_sid is null or xc.inbound_sid in (
                   select jsonb_array_elements_text(coalesce(nullif(current_setting(${ADMITTED_SMS}, true), ''), '[]')::jsonb)
                 )) as admitted
            from xc
        ),
        t as (
          insert into tickets (ticket_no, channel, type, priority, status, title, content, address, category_id,
                               district_id, contact_id, confidential, query_code, created_by_id, call_id, source_key,
                               extra, search_text, created_at, updated_at)
          select tno, channel::channel, type::ticket_type, priority::priority, 'registered', title, content,
                 address, category_id, district_id, cid, confidential, query_code, created_by_id, call_id, source_key,
                 extra, search_text, ${at}::timestamptz, ${at}::timestamptz
            from xa where admitted order by ord
          on conflict (source_key) do nothing
          returning ${RETURNING}
        ),
        e as (
          insert into ticket_events (ticket_id, action, at, actor_id, actor_kind, to_status, payload, request_id)
          select t.id, 'ticket.created', ${at}::timestamptz, xc.actor_id, xc.actor_kind, 'registered',
                 jsonb_build_object('channel', xc.channel, 'type', xc.type, 'priority', xc.priority), xc.request_id
            from t join xc on xc.tno = t.ticket_no
        )
        select xc.ord, xc.admitted, row_to_json(t) as ticket, xc.contact,
               (select coalesce(json_agg(p order by p.created_at desc), '[]'::json) from (
                  select p.id, p.ticket_no, p.contact_id, p.category_id, p.title, p.content, p.created_at,
                         p.repeat_of_id, p.status
                    from tickets p
                   where p.contact_id = xc.cid and p.created_at >= ${since}::timestamptz
                     and p.created_at <= ${at}::timestamptz
                   order by p.created_at desc limit 50) p) as priors
          from xa xc left join t on t.ticket_no = xc.tno
         order by xc.ord`,
  );
  const [, result] = await Promise.all([counting, inserting]);
  const out = result.map((r): InsertedIntake => {
    const raw = parseJsonColumn<Record<string, unknown> | null>(r.ticket);
    const contact = parseJsonColumn<MessageContact | null>(r.contact);
    return {
      admitted: r.admitted !== false,
      ticket: raw ? ticketFromJson(raw, x[r.ord]?.search_text ?? '') : null,
      contact: contact ? { ...contact, id: Number(contact.id) } : null,
      priors: parseJsonColumn<Array<Record<string, unknown>>>(r.priors).map(priorFromJson),
    };
  });
  // The statement cannot see its own new rows: an earlier ticket of the same citizen in this batch is a
  // repeat candidate too, as it would have been had the two arrived a moment apart.
  for (let i = 1; i < out.length; i++) {
    const cur = out[i];
    const mine = cur?.ticket;
    if (!cur || !mine || mine.contactId === null) continue;
    const mates: PriorTicket[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const t = out[j]?.ticket;
      if (t && t.contactId === mine.contactId) mates.push(priorOf(t));
    }
    cur.priors.unshift(...mates);
  }
  for (const r of out) if (r.ticket) countTicketCreated(r.ticket.channel);
  return out;
}
