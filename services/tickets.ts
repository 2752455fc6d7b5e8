import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { postgresErrorOf } from '../db/errors.ts';
import { queryRows } from '../db/rows.ts';
import { tickets } from '../db/schema/index.ts';
import { searchTextOf } from '../domain/search.ts';
import { formatTicketNo, newQueryCode, shanghaiDay } from '../domain/ticketNo.ts';
import type { Channel, Priority, TicketType } from '../domain/vocabulary.ts';
import { type ContactInput, resolveContact } from './contacts.ts';
import { AppError } from './errors.ts';
import { recordEvent } from './events.ts';
import { countTicketCreated } from './metrics.ts';

export type Ticket = typeof tickets.$inferSelect;

export interface NewTicket {
  channel: Channel;
  type: TicketType;
  priority?: Priority;
  title?: string | null;
  content: string;
  address?: string | null;
  categoryId?: number | null;
  districtId?: number | null;
  confidential?: boolean;
  contact?: ContactInput;
  callId?: string | null;
  sourceKey?: string | null;
  extra?: Record<string, unknown>;
}

export interface Actor {
  id: number | null;
  kind: 'user' | 'system' | 'citizen' | 'unit';
  requestId?: string | null;
}

/**
 * Allocates the next number of the day with one atomic upsert, outside the caller's transaction, so the
 * counter row is locked for a statement, not for a whole intake. A failed intake leaves a gap, as a
 * sequence would; numbers stay unique.
 */
export async function allocateTicketNo(db: Db, at: Date): Promise<string> {
  const day = shanghaiDay(at);
  const [row] = await queryRows<{ last: number }>(
    db,
    sql`insert into ticket_counters (day, last) values (${day}, 1)
        on conflict (day) do update set last = ticket_counters.last + 1 returning last`,
  );
  if (!row) throw new AppError('internal', 'ticket number allocation returned nothing');
  return formatTicketNo(day, Number(row.last));
}

export function titleFrom(content: string): string {
  const firstLine = content.trim().split(/\r?\n/)[0] ?? '';
  return firstLine.length > 30 ? `${firstLine.slice(0, 30)}…` : firstLine || '(无标题)';
}

/**
 * What a ticket is found by (tickets.search_text): the words of its title, content and address. A title
 * titleFrom made repeats the content's first line, so it is not segmented a second time.
 */
export function ticketSearchText(title: string, content: string, address: string | null | undefined): string {
  return searchTextOf(title === titleFrom(content) ? null : title, content, address);
}

/**
 * Registers a ticket with its contact and its "created" event in the given transaction. The caller
 * opens the transaction so that channel rows (call, message, window report) land with the ticket.
 */
export async function insertTicket(
  tx: Executor,
  ticketNo: string,
  input: NewTicket,
  actor: Actor,
  now: Date,
): Promise<Ticket> {
  const contact = input.contact ? await resolveContact(tx, input.contact) : null;
  const title = input.title?.trim() || titleFrom(input.content);
  const [ticket] = await tx
    .insert(tickets)
    .values({
      ticketNo,
      channel: input.channel,
      type: input.type,
      priority: input.priority ?? 'normal',
      status: 'registered',
      title,
      content: input.content,
      address: input.address ?? null,
      categoryId: input.categoryId ?? null,
      districtId: input.districtId ?? null,
      contactId: contact?.id ?? null,
      confidential: input.confidential ?? false,
      queryCode: newQueryCode(randomBytes),
      createdById: actor.kind === 'user' ? actor.id : null,
      callId: input.callId ?? null,
      sourceKey: input.sourceKey ?? null,
      extra: input.extra ?? {},
      searchText: ticketSearchText(title, input.content, input.address),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!ticket) throw new AppError('internal', 'ticket insert returned nothing');
  await recordEvent(tx, {
    ticketId: ticket.id,
    action: 'ticket.created',
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    toStatus: 'registered',
    payload: { channel: ticket.channel, type: ticket.type, priority: ticket.priority },
    requestId: actor.requestId,
  });
  countTicketCreated(ticket.channel);
  return ticket;
}

export async function findTicketBySourceKey(db: Executor, sourceKey: string): Promise<Ticket | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.sourceKey, sourceKey)).limit(1);
  return row ?? null;
}

/**
 * Creates a ticket in its own transaction; with a sourceKey, a redelivery returns the first ticket
 * (created: false) instead of making a second one.
 */
export async function createTicket(
  db: Db,
  input: NewTicket,
  actor: Actor,
  now: Date,
): Promise<{ ticket: Ticket; created: boolean }> {
  if (input.sourceKey) {
    const existing = await findTicketBySourceKey(db, input.sourceKey);
    if (existing) return { ticket: existing, created: false };
  }
  const ticketNo = await allocateTicketNo(db, now);
  try {
    const ticket = await db.transaction((tx) => insertTicket(tx, ticketNo, input, actor, now));
    return { ticket, created: true };
  } catch (err) {
    if (input.sourceKey && isUniqueViolation(err)) {
      const existing = await findTicketBySourceKey(db, input.sourceKey);
      if (existing) return { ticket: existing, created: false };
    }
    throw err;
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return postgresErrorOf(err)?.code === '23505';
}
