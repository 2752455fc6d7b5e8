import type { Db, Executor } from '../../db/client.ts';
import type { MessageChannel } from '../../domain/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { enqueueMessage } from '../followup/outbox.ts';
import { type Actor, findTicketBySourceKey, isUniqueViolation, type NewTicket, type Ticket } from '../tickets.ts';
import { intakeBatcher } from './batch.ts';
import { proposeClusterFor } from './clusters.ts';
import { insertIntakeTicket } from './fastInsert.ts';
import { detectAndLinkRepeat, type RepeatLink } from './repeats.ts';
import { nextTicketNo } from './ticketNumbers.ts';

export interface IntakeOutcome {
  ticket: Ticket;
  /** false: a redelivery found the ticket the first delivery made. */
  created: boolean;
  repeat: RepeatLink | null;
  clusterId: number | null;
}

export interface CitizenIntakeOptions {
  /** Send the 受理告知 (ticket number + query code) through the outbox; false when the channel answers itself. */
  notify?: false | { channel?: MessageChannel; inReplyTo?: string };
}

/**
 * A citizen's matter becomes a ticket inside the caller's transaction: the ticket and its event, the
 * repeat link or cluster proposal, and the registration notice in the outbox, all or nothing.
 */
export async function registerCitizenTicket(
  tx: Executor,
  deps: Deps,
  ticketNo: string,
  input: NewTicket & { contactId?: number | null },
  actor: Actor,
  now: Date,
  opts: CitizenIntakeOptions = {},
): Promise<Omit<IntakeOutcome, 'created'>> {
  const inserted = await insertIntakeTicket(tx, ticketNo, input, actor, now);
  let ticket = inserted.ticket;
  const repeat = await detectAndLinkRepeat(tx, ticket, actor, now, inserted.priors);
  if (repeat) ticket = { ...ticket, repeatOfId: repeat.originalId, status: repeat.merged ? 'merged' : ticket.status };
  const cluster = repeat ? null : await proposeClusterFor(tx, ticket, actor, now);
  if (opts.notify !== false && ticket.contactId !== null) {
    await enqueueMessage(
      tx,
      deps,
      {
        ticketId: ticket.id,
        template: 'ticket.registered',
        vars: {},
        channel: opts.notify?.channel,
        inReplyTo: opts.notify?.inReplyTo,
      },
      now,
    );
  }
  return { ticket, repeat, clusterId: cluster?.clusterId ?? null };
}

/**
 * The whole intake of one citizen submission with a channel idempotency key: a redelivery returns the
 * first ticket. `alongside` writes the channel's own rows (message, window report) in the same transaction.
 */
export async function intakeCitizenTicket(
  db: Db,
  deps: Deps,
  input: NewTicket & { sourceKey: string },
  actor: Actor,
  opts: CitizenIntakeOptions & {
    alongside?: (tx: Executor, ticket: Ticket) => Promise<void>;
    /** The source key was generated here (random), not sent by the client. */
    freshKey?: boolean;
  } = {},
): Promise<IntakeOutcome> {
  const now = deps.clock.now();
  // A random key (no client Idempotency-Key) cannot have been seen before: skip the look-up.
  if (!opts.freshKey) {
    const existing = await findTicketBySourceKey(db, input.sourceKey);
    if (existing) return { ticket: existing, created: false, repeat: null, clusterId: null };
  }
  const ticketNo = await nextTicketNo(db, now);
  try {
    const out = await intakeBatcher(deps).run(async (tx) => {
      const r = await registerCitizenTicket(tx, deps, ticketNo, input, actor, now, opts);
      if (opts.alongside) await opts.alongside(tx, r.ticket);
      return r;
    });
    announceTicket(deps, out.ticket);
    return { ...out, created: true };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await findTicketBySourceKey(db, input.sourceKey);
      if (first) return { ticket: first, created: false, repeat: null, clusterId: null };
    }
    throw err;
  }
}

/** Live refresh of the dispatchers' and agents' queues; after commit, best effort (the database is the truth). */
export function announceTicket(deps: Deps, ticket: Pick<Ticket, 'id' | 'ticketNo' | 'channel' | 'status' | 'title'>) {
  deps.bus
    .publish({
      topic: 'ticket.created',
      audience: ['role:dispatcher', 'role:agent', 'role:supervisor'],
      data: {
        id: ticket.id,
        ticketNo: ticket.ticketNo,
        channel: ticket.channel,
        status: ticket.status,
        title: ticket.title,
      },
    })
    .catch((err: unknown) => deps.logger.warn({ err }, 'bus publish failed'));
}
