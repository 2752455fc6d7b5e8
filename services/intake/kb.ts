import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { kbEntries, tickets } from '../../db/schema/index.ts';
import { searchTextOf } from '../../domain/search.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvents } from '../events.ts';
import { enqueueMessage } from '../followup/outbox.ts';
import type { Actor } from '../tickets.ts';
import { mergedClusterMembers } from './clusters.ts';

export type KbEntry = typeof kbEntries.$inferSelect;

export interface KbInput {
  title: string;
  answer: string;
  keywords?: string | null;
  categoryId?: number | null;
  active?: boolean;
}

const kbSearchText = (e: { title: string; answer: string; keywords?: string | null }) =>
  searchTextOf(e.title, e.keywords, e.answer);

export async function createKbEntry(tx: Executor, input: KbInput, userId: number, now: Date): Promise<KbEntry> {
  const [row] = await tx
    .insert(kbEntries)
    .values({
      title: input.title,
      answer: input.answer,
      keywords: input.keywords ?? null,
      categoryId: input.categoryId ?? null,
      active: input.active ?? true,
      createdById: userId,
      updatedById: userId,
      searchText: kbSearchText(input),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new AppError('internal', 'kb insert returned nothing');
  return row;
}

export async function updateKbEntry(
  tx: Executor,
  id: number,
  input: Partial<KbInput> & { version?: number },
  userId: number,
  now: Date,
): Promise<KbEntry> {
  const [cur] = await tx.select().from(kbEntries).where(eq(kbEntries.id, id)).for('update');
  if (!cur) throw notFound('知识库条目');
  if (input.version !== undefined && input.version !== cur.version) {
    throw conflict('该条目已被他人修改，请刷新后重试', { currentVersion: cur.version });
  }
  const next = {
    title: input.title ?? cur.title,
    answer: input.answer ?? cur.answer,
    keywords: input.keywords === undefined ? cur.keywords : input.keywords,
    categoryId: input.categoryId === undefined ? cur.categoryId : input.categoryId,
    active: input.active ?? cur.active,
  };
  const [row] = await tx
    .update(kbEntries)
    .set({ ...next, searchText: kbSearchText(next), updatedById: userId, updatedAt: now, version: cur.version + 1 })
    .where(eq(kbEntries.id, id))
    .returning();
  if (!row) throw notFound('知识库条目');
  return row;
}

/** What a direct answer closes: the ticket, and the merged members of a cluster it leads when asked to. */
export interface DirectAnswerInput {
  answer?: string | null;
  kbEntryId?: number | null;
  version?: number;
  /** The ticket leads a confirmed cluster: close its merged members with the same answer too. */
  answerCluster?: boolean;
}

/**
 * 直接答复办结: the ticket closes as a direct answer without any dispatch, from the knowledge base or in the
 * answerer's own words. Only a registered ticket qualifies. `notifyCitizen`: its citizen is sent the answer
 * (false when they heard it on the call).
 *
 * A confirmed cluster's lead speaks for its merged members, who have no dispatch and no answer of their
 * own: closed alone it would leave them merged and unanswered, so that is refused (409 naming them). With
 * `answerCluster` each member closes with the same answer (its own events, the answer on its status page)
 * and its citizen is sent it; none of them was on the call. Lock order as passLeadReplyToCluster: the
 * lead, then the members by id.
 */
export async function answerDirectly(
  tx: Executor,
  deps: Deps,
  ticketId: number,
  input: DirectAnswerInput,
  actor: Actor,
  now: Date,
  opts: { notifyCitizen: boolean },
) {
  const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!t) throw notFound('工单');
  if (t.status !== 'registered') throw conflict(`工单当前状态为 ${t.status}，只有待派单的工单可以直接答复办结`);
  if (input.version !== undefined && input.version !== t.version) {
    throw conflict('工单已被他人修改，请刷新后重试', { currentVersion: t.version });
  }
  const members = await mergedClusterMembers(tx, ticketId);
  if (members.length && !input.answerCluster) {
    throw conflict(
      `该工单是群体事件的主单，代其余 ${members.length} 件合并工单办理；请派单办理，或确认以同一答复办结全部合并工单`,
      { mergedTicketIds: members.map((m) => m.id) },
    );
  }
  let kb: KbEntry | null = null;
  if (input.kbEntryId) {
    const [row] = await tx.select().from(kbEntries).where(eq(kbEntries.id, input.kbEntryId));
    if (!row?.active) {
      throw new AppError('validation', '知识库条目不存在或已停用', {
        fields: [{ path: 'kbEntryId', message: '不存在或已停用' }],
      });
    }
    kb = row;
    await tx
      .update(kbEntries)
      .set({ useCount: sql`${kbEntries.useCount} + 1` })
      .where(eq(kbEntries.id, row.id));
  }
  const answer = input.answer?.trim() || kb?.answer;
  if (!answer) {
    throw new AppError('validation', '请填写答复内容或选择知识库条目', {
      fields: [{ path: 'answer', message: '答复内容与知识库条目至少填一项' }],
    });
  }
  const said = { answer, kbEntryId: kb?.id ?? null, kbTitle: kb?.title ?? null };
  const updated = await closeAsAnswered(tx, t, said, {}, actor, now);
  if (opts.notifyCitizen) await sendAnswer(tx, deps, t.id, answer, now);
  for (const m of members) {
    await closeAsAnswered(
      tx,
      m,
      said,
      { leadTicketId: t.id, leadTicketNo: t.ticketNo, clusterId: m.clusterId },
      actor,
      now,
    );
    await sendAnswer(tx, deps, m.id, answer, now);
  }
  return updated;
}

type TicketRow = typeof tickets.$inferSelect;

async function closeAsAnswered(
  tx: Executor,
  t: TicketRow,
  said: { answer: string; kbEntryId: number | null; kbTitle: string | null },
  viaLead: { leadTicketId?: number; leadTicketNo?: string; clusterId?: number | null },
  actor: Actor,
  now: Date,
): Promise<TicketRow> {
  const [updated] = await tx
    .update(tickets)
    .set({
      status: 'closed',
      closeReason: 'direct_answer',
      closedAt: now,
      updatedAt: now,
      version: t.version + 1,
      extra: sql`${tickets.extra} || ${JSON.stringify({ directAnswer: { kbEntryId: said.kbEntryId, ...viaLead } })}::jsonb`,
    })
    .where(eq(tickets.id, t.id))
    .returning();
  if (!updated) throw notFound('工单');
  const base = { ticketId: t.id, at: now, actorId: actor.id, actorKind: actor.kind, requestId: actor.requestId };
  await recordEvents(tx, [
    {
      ...base,
      action: 'ticket.answered_directly',
      fromStatus: t.status,
      toStatus: 'closed',
      payload: { ...said, ...viaLead },
    },
    {
      ...base,
      action: 'ticket.closed',
      fromStatus: t.status,
      toStatus: 'closed',
      payload: { reason: 'direct_answer' },
    },
  ]);
  return updated;
}

/** The answer to the ticket's citizen (SMS, else e-mail), in the transaction that closes it. */
async function sendAnswer(tx: Executor, deps: Deps, ticketId: number, answer: string, now: Date) {
  await enqueueMessage(tx, deps, { ticketId, template: 'ticket.answered', vars: { replySummary: answer } }, now);
}
