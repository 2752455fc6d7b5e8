import type { Executor } from '../../db/client.ts';
import { planForIndexProbes } from '../../db/rows.ts';
import type { MessageChannel } from '../../domain/vocabulary.ts';
import { publishQuietly } from '../bus.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import {
  insertPlannedMessages,
  loadPlanningContext,
  planMessage,
  plannedMessagesStatement,
} from '../followup/outbox.ts';
import { type Actor, findTicketBySourceKey, isUniqueViolation, type NewTicket, type Ticket } from '../tickets.ts';
import { type Defer, GROUP_COMMIT, GroupCommit } from './batch.ts';
import { proposeClusterFor } from './clusters.ts';
import { type IntakeRow, insertIntakeTickets } from './fastInsert.ts';
import { detectAndLinkRepeat, type RepeatLink } from './repeats.ts';

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

export interface CitizenIntakeItem extends IntakeRow {
  opts?: CitizenIntakeOptions;
}

/** A registered ticket, or `existing` when its source key had been seen (a redelivery). */
export type Registered = Omit<IntakeOutcome, 'created'> & { existing: boolean };

/** Only rows with an `inboundSms` guard can be kept out (null); for the others that would be a bug. */
function admitted(r: Registered | null): Registered {
  if (!r) throw new AppError('internal', 'an intake without a guard was not admitted');
  return r;
}

/**
 * Citizens' matters become tickets inside the caller's transaction: the tickets and their events, repeat
 * links or cluster proposals, and the registration notices in the outbox, all or nothing. A batch costs a
 * handful of statements whatever its size (services/intake/fastInsert.ts, insertPlannedMessages); only
 * repeats and cluster candidates add their own. One result per item: null for a row its `inboundSms` guard
 * kept out (nothing was written for it).
 */
export async function registerCitizenTickets(
  tx: Executor,
  deps: Deps,
  items: CitizenIntakeItem[],
  now: Date,
  /** Given by a group commit: the notices' insert goes out with its COMMIT (its result is not needed). */
  defer?: Defer,
): Promise<Array<Registered | null>> {
  // The notice's template and settings are read alongside the insert, with no round trip of their own, and
  // asked first: a short statement sent behind a long one waits for the driver's next write
  // (db/pipelinedTransaction.ts).
  const notifying = items.some((i) => i.opts?.notify !== false);
  const [noticeCtx, inserted] = await Promise.all([
    notifying ? loadPlanningContext(tx, ['ticket.registered']) : null,
    insertIntakeTickets(tx, items, now),
  ]);
  const out = await Promise.all(
    inserted.map(async (row, i): Promise<Registered | null> => {
      const item = items[i] as CitizenIntakeItem;
      if (!row.admitted) return null;
      if (!row.ticket) {
        const first = item.input.sourceKey ? await findTicketBySourceKey(tx, item.input.sourceKey) : null;
        if (!first) throw new AppError('internal', 'ticket insert returned nothing');
        return { ticket: first, repeat: null, clusterId: null, existing: true };
      }
      let ticket = row.ticket;
      const repeat = await detectAndLinkRepeat(tx, ticket, item.actor, now, row.priors);
      if (repeat) {
        ticket = { ...ticket, repeatOfId: repeat.originalId, status: repeat.merged ? 'merged' : ticket.status };
      }
      const cluster = repeat ? null : await proposeClusterFor(tx, ticket, item.actor, now);
      return { ticket, repeat, clusterId: cluster?.clusterId ?? null, existing: false };
    }),
  );
  const notices = out.flatMap((r, i) => {
    const notify = items[i]?.opts?.notify;
    return r && notify !== false && !r.existing && r.ticket.contactId !== null
      ? [{ ticket: r.ticket, contact: inserted[i]?.contact ?? null, notify }]
      : [];
  });
  if (notices.length && noticeCtx) {
    const { template, settings } = noticeCtx;
    const plans = notices.flatMap(({ ticket, contact, notify }) => {
      const plan = planMessage(
        deps,
        {
          ticketId: ticket.id,
          template: 'ticket.registered',
          vars: {},
          channel: notify?.channel,
          inReplyTo: notify?.inReplyTo,
        },
        { ticket, contact, template, settings },
        now,
      );
      return plan ? [plan] : [];
    });
    if (defer && plans.length) defer(plannedMessagesStatement(deps, plans, now));
    else await insertPlannedMessages(tx, deps, plans, now);
  }
  return out;
}

/** A source key seen before; carries PostgreSQL's unique-violation code so callers treat it like one. */
export class SourceKeyTaken extends Error {
  readonly code = '23505';
  constructor(ticketNo: string) {
    super(`source key already registered as ticket ${ticketNo}`);
  }
}

/** One citizen's matter, for callers that already hold a transaction (mail, SMS). */
export async function registerCitizenTicket(
  tx: Executor,
  deps: Deps,
  ticketNo: string,
  input: NewTicket & { contactId?: number | null },
  actor: Actor,
  now: Date,
  opts: CitizenIntakeOptions = {},
): Promise<Omit<IntakeOutcome, 'created'>> {
  // Outside a group commit the same prepared statements need the same plans (see planForIndexProbes); the
  // settings go first, in the same round trip.
  const [, [r]] = await Promise.all([
    planForIndexProbes(tx),
    registerCitizenTickets(tx, deps, [{ ticketNo, input, actor, opts }], now),
  ]);
  if (!r) throw new AppError('internal', 'ticket registration returned nothing');
  if (r.existing) throw new SourceKeyTaken(r.ticket.ticketNo);
  const { existing: _, ...rest } = r;
  return rest;
}

interface WriterItem extends CitizenIntakeItem {
  alongside?: (tx: Executor, ticket: Ticket) => Promise<void>;
}

const writers = new WeakMap<Deps, GroupCommit<WriterItem, Registered>>();

/** This process's group commit for citizen intakes: a batch of submissions becomes one multi-row write. */
function citizenIntakeWriter(deps: Deps): GroupCommit<WriterItem, Registered> {
  let w = writers.get(deps);
  if (!w) {
    w = new GroupCommit<WriterItem, Registered>(
      deps.db,
      async (tx, items, defer) => {
        const now = deps.clock.now();
        const out = (await registerCitizenTickets(tx, deps, items, now, defer)).map(admitted);
        await Promise.all(out.map((r, i) => (r.existing ? undefined : items[i]?.alongside?.(tx, r.ticket))));
        return out;
      },
      GROUP_COMMIT,
    );
    writers.set(deps, w);
  }
  return w;
}

/**
 * The whole intake of one citizen submission with a channel idempotency key: a redelivery returns the
 * first ticket. `alongside` writes the channel's own rows (message, window report) in the same transaction.
 */
export async function intakeCitizenTicket(
  deps: Deps,
  input: NewTicket & { sourceKey: string },
  actor: Actor,
  opts: CitizenIntakeOptions & {
    alongside?: (tx: Executor, ticket: Ticket) => Promise<void>;
  } = {},
): Promise<IntakeOutcome> {
  // No look-up first: the insert itself skips a source key already taken (and answers with its ticket), so
  // a redelivery costs one ticket number, and a first delivery costs no extra round trip.
  try {
    const r = await citizenIntakeWriter(deps).run({
      input,
      actor,
      opts: { notify: opts.notify },
      alongside: opts.alongside,
    });
    if (r.existing) return { ticket: r.ticket, created: false, repeat: null, clusterId: null };
    announceTicket(deps, r.ticket);
    return { ticket: r.ticket, repeat: r.repeat, clusterId: r.clusterId, created: true };
  } catch (err) {
    // Two deliveries of one key in flight at once: the second meets the first's row at commit.
    if (isUniqueViolation(err)) {
      const first = await findTicketBySourceKey(deps.db, input.sourceKey);
      if (first) return { ticket: first, created: false, repeat: null, clusterId: null };
    }
    throw err;
  }
}

/** Live refresh of the dispatchers' and agents' queues; after commit, best effort (the database is the truth). */
export function announceTicket(deps: Deps, ticket: Pick<Ticket, 'id' | 'ticketNo' | 'channel' | 'status' | 'title'>) {
  void publishQuietly(deps, {
    topic: 'ticket.created',
    audience: ['role:dispatcher', 'role:agent', 'role:supervisor'],
    data: {
      id: ticket.id,
      ticketNo: ticket.ticketNo,
      channel: ticket.channel,
      status: ticket.status,
      title: ticket.title,
    },
  });
}
