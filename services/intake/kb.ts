import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { kbEntries, tickets } from '../../db/schema/index.ts';
import { searchTextOf } from '../../domain/search.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvents } from '../events.ts';
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

/**
 * 直接答复办结: the agent answered the consultation on the call from the knowledge base (or in their own
 * words); the ticket closes as a direct answer without any dispatch. Only a registered ticket qualifies.
 */
export async function answerDirectly(
  tx: Executor,
  ticketId: number,
  input: { answer?: string | null; kbEntryId?: number | null; version?: number },
  actor: Actor,
  now: Date,
) {
  const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!t) throw notFound('工单');
  if (t.status !== 'registered') throw conflict(`工单当前状态为 ${t.status}，只有待派单的工单可以直接答复办结`);
  if (input.version !== undefined && input.version !== t.version) {
    throw conflict('工单已被他人修改，请刷新后重试', { currentVersion: t.version });
  }
  // A confirmed cluster's lead speaks for its merged members: closed by a word on the phone, it would leave
  // them merged, with no dispatch and no answer of their own.
  const merged = await mergedClusterMembers(tx, ticketId);
  if (merged.length) {
    throw conflict(
      `该工单是群体事件的主单，代其余 ${merged.length} 件合并工单办理，不能直接答复办结；请派单办理，或先将其移出群体事件`,
      { mergedTicketIds: merged },
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
  const [updated] = await tx
    .update(tickets)
    .set({
      status: 'closed',
      closeReason: 'direct_answer',
      closedAt: now,
      updatedAt: now,
      version: t.version + 1,
      extra: sql`${tickets.extra} || ${JSON.stringify({ directAnswer: { kbEntryId: kb?.id ?? null } })}::jsonb`,
    })
    .where(eq(tickets.id, ticketId))
    .returning();
  if (!updated) throw notFound('工单');
  const base = { ticketId, at: now, actorId: actor.id, actorKind: actor.kind, requestId: actor.requestId };
  await recordEvents(tx, [
    {
      ...base,
      action: 'ticket.answered_directly',
      fromStatus: 'registered',
      toStatus: 'closed',
      payload: { answer, kbEntryId: kb?.id ?? null, kbTitle: kb?.title ?? null },
    },
    {
      ...base,
      action: 'ticket.closed',
      fromStatus: 'registered',
      toStatus: 'closed',
      payload: { reason: 'direct_answer' },
    },
  ]);
  return updated;
}
