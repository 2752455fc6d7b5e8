import { randomBytes } from 'node:crypto';
import { getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/rows.ts';
import { tickets } from '../../db/schema/index.ts';
import { REPEAT_WINDOW_DAYS, type RepeatPrior } from '../../domain/intake/repeat.ts';
import { searchTextOf } from '../../domain/search.ts';
import { newQueryCode } from '../../domain/ticketNo.ts';
import { AppError } from '../errors.ts';
import { countTicketCreated } from '../metrics.ts';
import { type Actor, type NewTicket, type Ticket, titleFrom } from '../tickets.ts';

export type PriorTicket = RepeatPrior & { ticketNo: string; status: string };

const COLUMNS = Object.entries(getTableColumns(tickets)).map(([key, col]) => ({
  key,
  sqlName: key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(),
  date: col.columnType === 'PgTimestamp',
}));

function parseJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** A tickets row from row_to_json (snake_case, ISO strings) in the shape drizzle returns. */
function ticketFromJson(raw: Record<string, unknown>): Ticket {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) {
    const v = raw[c.sqlName];
    out[c.key] = c.date && typeof v === 'string' ? new Date(v) : (v ?? null);
  }
  return out as Ticket;
}

/**
 * insertTicket (services/tickets.ts) for the intake hot path, in one statement instead of four: the
 * contact upsert, the ticket, its `ticket.created` event, and the citizen's tickets of the last 30 days
 * (the repeat candidates). Same columns, same event, same contact rules as insertTicket; only the round
 * trips differ. `contactId` skips the contact upsert when the caller already has it.
 */
export async function insertIntakeTicket(
  tx: Executor,
  ticketNo: string,
  input: NewTicket & { contactId?: number | null },
  actor: Actor,
  now: Date,
): Promise<{ ticket: Ticket; priors: PriorTicket[] }> {
  const title = input.title?.trim() || titleFrom(input.content);
  const at = now.toISOString();
  const since = new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
  const phone = input.contact?.phone || null;
  const email = input.contact?.email?.trim().toLowerCase() || null;
  const name = input.contact?.name?.trim() || null;
  let contact = sql`select null::int as id`;
  if (input.contactId) contact = sql`select ${input.contactId}::int as id`;
  else if (phone) {
    // An e-mail already owned by another contact stays there rather than failing the intake.
    contact = sql`insert into contacts (phone, email, name)
      values (${phone}, case when exists (select 1 from contacts where email = ${email}) then null else ${email}::text end, ${name})
      on conflict (phone) do update set name = coalesce(contacts.name, excluded.name),
        email = coalesce(contacts.email, excluded.email), updated_at = now()
      returning id`;
  } else if (email) {
    contact = sql`insert into contacts (email, name) values (${email}, ${name})
      on conflict (email) do update set name = coalesce(contacts.name, excluded.name), updated_at = now()
      returning id`;
  }
  const payload = JSON.stringify({ channel: input.channel, type: input.type, priority: input.priority ?? 'normal' });
  const [row] = await queryRows<{ ticket: unknown; priors: unknown }>(
    tx,
    sql`with c as (${contact}),
      t as (
        insert into tickets (ticket_no, channel, type, priority, status, title, content, address, category_id,
                             district_id, contact_id, confidential, query_code, created_by_id, call_id, source_key,
                             extra, search_text, created_at, updated_at)
        values (${ticketNo}, ${input.channel}, ${input.type}, ${input.priority ?? 'normal'}, 'registered', ${title},
                ${input.content}, ${input.address ?? null}, ${input.categoryId ?? null}, ${input.districtId ?? null},
                (select id from c), ${input.confidential ?? false}, ${newQueryCode(randomBytes)},
                ${actor.kind === 'user' ? actor.id : null}, ${input.callId ?? null}, ${input.sourceKey ?? null},
                ${JSON.stringify(input.extra ?? {})}::jsonb, ${searchTextOf(title, input.content, input.address)},
                ${at}::timestamptz, ${at}::timestamptz)
        returning *
      ),
      e as (
        insert into ticket_events (ticket_id, action, at, actor_id, actor_kind, to_status, payload, request_id)
        select t.id, 'ticket.created', ${at}::timestamptz, ${actor.id}, ${actor.kind}, 'registered', ${payload}::jsonb,
               ${actor.requestId ?? null}
          from t
      )
      select row_to_json(t) as ticket,
             (select coalesce(json_agg(p order by p.created_at desc), '[]'::json) from (
                select p.id, p.ticket_no, p.contact_id, p.category_id, p.title, p.content, p.created_at,
                       p.repeat_of_id, p.status
                  from tickets p
                 where p.contact_id = t.contact_id and p.created_at >= ${since}::timestamptz
                   and p.created_at <= ${at}::timestamptz
                 order by p.created_at desc limit 50) p) as priors
        from t`,
  );
  if (!row) throw new AppError('internal', 'ticket insert returned nothing');
  const ticket = ticketFromJson(parseJson<Record<string, unknown>>(row.ticket));
  const priors = parseJson<Array<Record<string, unknown>>>(row.priors).map((p) => ({
    id: Number(p.id),
    ticketNo: String(p.ticket_no),
    contactId: p.contact_id === null ? null : Number(p.contact_id),
    categoryId: p.category_id === null ? null : Number(p.category_id),
    title: String(p.title),
    content: String(p.content),
    createdAt: new Date(String(p.created_at)),
    repeatOfId: p.repeat_of_id === null ? null : Number(p.repeat_of_id),
    status: String(p.status),
  }));
  countTicketCreated(ticket.channel);
  return { ticket, priors };
}
