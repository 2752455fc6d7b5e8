import { and, asc, eq, gte, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { clusterMembers, clusters, tickets } from '../../db/schema/index.ts';
import { CLUSTER_WINDOW_HOURS, clusterPeers } from '../../domain/intake/cluster.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { recordEvents } from '../events.ts';
import type { Actor, Ticket } from '../tickets.ts';

export type Cluster = typeof clusters.$inferSelect;

function clusterTitle(address: string | null, title: string): string {
  const t = address ? `${address}：${title}` : title;
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
}

/**
 * Intake's automatic proposal: reports from other citizens about the same place and category within a
 * day. Joins the active cluster one of them is already in, else proposes a new one. Nothing changes on
 * the tickets until a dispatcher confirms.
 */
export async function proposeClusterFor(
  tx: Executor,
  ticket: Pick<Ticket, 'id' | 'contactId' | 'categoryId' | 'address' | 'createdAt' | 'title'>,
  actor: Actor,
  now: Date,
): Promise<{ clusterId: number; created: boolean } | null> {
  if (ticket.categoryId === null || !ticket.address) return null;
  const windowMs = CLUSTER_WINDOW_HOURS * 3_600_000;
  const recent = await tx
    .select({
      id: tickets.id,
      contactId: tickets.contactId,
      categoryId: tickets.categoryId,
      address: tickets.address,
      createdAt: tickets.createdAt,
      clusterId: tickets.clusterId,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.categoryId, ticket.categoryId),
        gte(tickets.createdAt, new Date(ticket.createdAt.getTime() - windowMs)),
        lte(tickets.createdAt, ticket.createdAt),
        ne(tickets.id, ticket.id),
        isNotNull(tickets.address),
        ne(tickets.status, 'closed'),
      ),
    )
    .limit(200);
  const peers = clusterPeers(ticket, recent);
  if (peers.length === 0) return null;
  // Reports of one incident arrive together: take turns per category so two of them do not each start a cluster.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cluster:${ticket.categoryId}`}))`);
  const peerIds = peers.map((p) => p.id);
  const memberships = await tx
    .select({ clusterId: clusterMembers.clusterId, ticketId: clusterMembers.ticketId })
    .from(clusterMembers)
    .innerJoin(clusters, eq(clusters.id, clusterMembers.clusterId))
    .where(
      and(
        inArray(clusterMembers.ticketId, peerIds),
        ne(clusterMembers.state, 'removed'),
        ne(clusters.status, 'rejected'),
      ),
    )
    .orderBy(asc(clusters.id));
  const existing = memberships[0]?.clusterId;
  if (existing !== undefined) {
    await tx
      .insert(clusterMembers)
      .values({ clusterId: existing, ticketId: ticket.id, addedAt: now })
      .onConflictDoNothing();
    await tx.update(clusters).set({ updatedAt: now }).where(eq(clusters.id, existing));
    return { clusterId: existing, created: false };
  }
  const [cluster] = await tx
    .insert(clusters)
    .values({
      status: 'proposed',
      title: clusterTitle(ticket.address, ticket.title),
      categoryId: ticket.categoryId,
      place: ticket.address,
      proposedById: actor.kind === 'user' ? actor.id : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: clusters.id });
  if (!cluster) throw new AppError('internal', 'cluster insert returned nothing');
  await tx
    .insert(clusterMembers)
    .values([ticket.id, ...peerIds].map((ticketId) => ({ clusterId: cluster.id, ticketId, addedAt: now })))
    .onConflictDoNothing();
  return { clusterId: cluster.id, created: true };
}

async function lockCluster(tx: Executor, id: number): Promise<Cluster> {
  const [c] = await tx.select().from(clusters).where(eq(clusters.id, id)).for('update');
  if (!c) throw notFound('群体事件');
  return c;
}

async function memberRows(tx: Executor, clusterId: number) {
  return tx
    .select({
      ticketId: clusterMembers.ticketId,
      state: clusterMembers.state,
      status: tickets.status,
      clusterId: tickets.clusterId,
      createdAt: tickets.createdAt,
    })
    .from(clusterMembers)
    .innerJoin(tickets, eq(tickets.id, clusterMembers.ticketId))
    .where(eq(clusterMembers.clusterId, clusterId))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
}

/** A dispatcher (or agent) groups tickets by hand; it still needs confirming like an automatic proposal. */
export async function createCluster(
  tx: Executor,
  input: { ticketIds: number[]; title?: string; note?: string },
  actor: Actor,
  now: Date,
): Promise<number> {
  const ids = [...new Set(input.ticketIds)];
  const rows = await tx
    .select({ id: tickets.id, title: tickets.title, address: tickets.address, categoryId: tickets.categoryId })
    .from(tickets)
    .where(inArray(tickets.id, ids))
    .orderBy(asc(tickets.id));
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) {
    throw new AppError('validation', `工单不存在：${missing.join(', ')}`, {
      fields: [{ path: 'ticketIds', message: `不存在：${missing.join(', ')}` }],
    });
  }
  const first = rows[0];
  if (!first || rows.length < 2) {
    throw new AppError('validation', '群体事件至少需要两张工单', {
      fields: [{ path: 'ticketIds', message: '至少两张工单' }],
    });
  }
  const [cluster] = await tx
    .insert(clusters)
    .values({
      status: 'proposed',
      title: input.title?.trim() || clusterTitle(first.address, first.title),
      categoryId: first.categoryId,
      place: first.address,
      proposedById: actor.id,
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: clusters.id });
  if (!cluster) throw new AppError('internal', 'cluster insert returned nothing');
  await tx.insert(clusterMembers).values(ids.map((ticketId) => ({ clusterId: cluster.id, ticketId, addedAt: now })));
  return cluster.id;
}

export async function addClusterMember(tx: Executor, clusterId: number, ticketId: number, now: Date) {
  const c = await lockCluster(tx, clusterId);
  if (c.status === 'rejected') throw conflict('该群体事件已被否决');
  const [t] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId));
  if (!t) throw new AppError('validation', '工单不存在', { fields: [{ path: 'ticketId', message: '工单不存在' }] });
  await tx
    .insert(clusterMembers)
    .values({ clusterId, ticketId, addedAt: now, state: 'proposed' })
    .onConflictDoUpdate({
      target: [clusterMembers.clusterId, clusterMembers.ticketId],
      set: { state: sql`case when ${clusterMembers.state} = 'joined' then 'joined' else 'proposed' end` },
    });
  await tx.update(clusters).set({ updatedAt: now }).where(eq(clusters.id, clusterId));
}

/**
 * Confirms the cluster: members join (tickets.cluster_id), the lead ticket is the one dispatched, the
 * others leave the dispatch queue (status merged) but keep their own citizen, reply and revisit.
 * Confirming again later joins members proposed since.
 */
export async function confirmCluster(
  tx: Executor,
  clusterId: number,
  input: { leadTicketId?: number; ticketIds?: number[] },
  actor: Actor,
  now: Date,
): Promise<Cluster> {
  const c = await lockCluster(tx, clusterId);
  if (c.status === 'rejected') throw conflict('该群体事件已被否决，不能确认');
  const members = await memberRows(tx, clusterId);
  const candidates = members.filter((m) => m.state !== 'removed');
  const keep = input.ticketIds ? new Set(input.ticketIds) : null;
  if (keep) {
    const unknown = [...keep].filter((id) => !candidates.some((m) => m.ticketId === id));
    if (unknown.length) {
      throw new AppError('validation', `不是该群体事件的成员：${unknown.join(', ')}`, {
        fields: [{ path: 'ticketIds', message: `不是成员：${unknown.join(', ')}` }],
      });
    }
  }
  const joining = candidates.filter((m) => m.state === 'joined' || !keep || keep.has(m.ticketId));
  const dropping = candidates.filter((m) => m.state === 'proposed' && keep && !keep.has(m.ticketId));
  if (joining.length < 2) {
    throw new AppError('validation', '群体事件至少需要两张工单', {
      fields: [{ path: 'ticketIds', message: '至少两张工单' }],
    });
  }
  const busy = joining.filter((m) => m.clusterId !== null && m.clusterId !== clusterId);
  if (busy.length) {
    throw conflict(`工单已属于其他群体事件：${busy.map((m) => m.ticketId).join(', ')}`);
  }
  let leadId = c.leadTicketId ?? input.leadTicketId ?? joining[0]?.ticketId ?? null;
  if (input.leadTicketId !== undefined) {
    if (c.leadTicketId !== null && c.leadTicketId !== input.leadTicketId) throw conflict('主办工单已确定，不能更换');
    if (!joining.some((m) => m.ticketId === input.leadTicketId)) {
      throw new AppError('validation', '主办工单必须是成员之一', {
        fields: [{ path: 'leadTicketId', message: '不是成员' }],
      });
    }
    leadId = input.leadTicketId;
  }
  const events: Parameters<typeof recordEvents>[1] = [];
  for (const m of joining) {
    if (m.state === 'joined') continue;
    const toStatus = m.ticketId !== leadId && m.status === 'registered' ? 'merged' : m.status;
    await tx
      .update(tickets)
      .set({ clusterId, status: toStatus, updatedAt: now, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, m.ticketId));
    events.push({
      ticketId: m.ticketId,
      action: 'ticket.cluster_joined',
      at: now,
      actorId: actor.id,
      actorKind: actor.kind,
      fromStatus: m.status,
      toStatus,
      payload: { clusterId, leadTicketId: leadId, lead: m.ticketId === leadId },
      requestId: actor.requestId,
    });
  }
  await recordEvents(tx, events);
  if (joining.length) {
    await tx
      .update(clusterMembers)
      .set({ state: 'joined' })
      .where(
        and(
          eq(clusterMembers.clusterId, clusterId),
          inArray(
            clusterMembers.ticketId,
            joining.map((m) => m.ticketId),
          ),
        ),
      );
  }
  if (dropping.length) {
    await tx
      .update(clusterMembers)
      .set({ state: 'removed' })
      .where(
        and(
          eq(clusterMembers.clusterId, clusterId),
          inArray(
            clusterMembers.ticketId,
            dropping.map((m) => m.ticketId),
          ),
        ),
      );
  }
  const [updated] = await tx
    .update(clusters)
    .set({
      status: 'confirmed',
      leadTicketId: leadId,
      decidedAt: c.decidedAt ?? now,
      decidedById: c.decidedById ?? actor.id,
      updatedAt: now,
      version: sql`${clusters.version} + 1`,
    })
    .where(eq(clusters.id, clusterId))
    .returning();
  if (!updated) throw notFound('群体事件');
  return updated;
}

export async function rejectCluster(tx: Executor, clusterId: number, reason: string, actor: Actor, now: Date) {
  const c = await lockCluster(tx, clusterId);
  if (c.status !== 'proposed')
    throw conflict(c.status === 'confirmed' ? '已确认的群体事件不能否决，请移出成员' : '已否决');
  await tx.update(clusterMembers).set({ state: 'removed' }).where(eq(clusterMembers.clusterId, clusterId));
  const [updated] = await tx
    .update(clusters)
    .set({
      status: 'rejected',
      note: reason,
      decidedAt: now,
      decidedById: actor.id,
      updatedAt: now,
      version: sql`${clusters.version} + 1`,
    })
    .where(eq(clusters.id, clusterId))
    .returning();
  if (!updated) throw notFound('群体事件');
  return updated;
}

/** Takes one ticket out; a joined one goes back to the dispatch queue. The lead of a confirmed cluster stays. */
export async function removeClusterMember(
  tx: Executor,
  clusterId: number,
  ticketId: number,
  reason: string,
  actor: Actor,
  now: Date,
) {
  const c = await lockCluster(tx, clusterId);
  const [m] = await tx
    .select()
    .from(clusterMembers)
    .where(and(eq(clusterMembers.clusterId, clusterId), eq(clusterMembers.ticketId, ticketId)));
  if (!m || m.state === 'removed') throw notFound('群体事件成员');
  if (c.status === 'confirmed' && c.leadTicketId === ticketId) throw conflict('主办工单不能移出群体事件');
  await tx
    .update(clusterMembers)
    .set({ state: 'removed' })
    .where(and(eq(clusterMembers.clusterId, clusterId), eq(clusterMembers.ticketId, ticketId)));
  if (m.state === 'joined') {
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (t) {
      const toStatus = t.status === 'merged' && t.repeatOfId === null ? 'registered' : t.status;
      await tx
        .update(tickets)
        .set({ clusterId: null, status: toStatus, updatedAt: now, version: sql`${tickets.version} + 1` })
        .where(eq(tickets.id, ticketId));
      await recordEvents(tx, [
        {
          ticketId,
          action: 'ticket.cluster_left',
          at: now,
          actorId: actor.id,
          actorKind: actor.kind,
          fromStatus: t.status,
          toStatus,
          payload: { clusterId, reason },
          requestId: actor.requestId,
        },
      ]);
    }
  }
  await tx.update(clusters).set({ updatedAt: now }).where(eq(clusters.id, clusterId));
}

/**
 * The members a confirmed cluster's lead still speaks for: merged into it, waiting for its answer
 * (passLeadReplyToCluster answers the same ones), locked in id order for the caller's transaction (lock
 * order as passLeadReplyToCluster: the lead first, then these). Empty for a ticket that leads no cluster.
 */
export async function mergedClusterMembers(tx: Executor, leadTicketId: number): Promise<Ticket[]> {
  const members = (await clusterTicketIds(tx, leadTicketId)).filter((id) => id !== leadTicketId);
  if (!members.length) return [];
  return tx
    .select()
    .from(tickets)
    .where(and(inArray(tickets.id, members), eq(tickets.status, 'merged'), isNotNull(tickets.clusterId)))
    .orderBy(asc(tickets.id))
    .for('update');
}

/** For the dispatch and follow-up features: every ticket a confirmed cluster's lead speaks for (lead included). */
export async function clusterTicketIds(tx: Executor, leadTicketId: number): Promise<number[]> {
  const rows = await tx
    .select({ ticketId: clusterMembers.ticketId })
    .from(clusterMembers)
    .innerJoin(clusters, eq(clusters.id, clusterMembers.clusterId))
    .where(
      and(
        eq(clusters.leadTicketId, leadTicketId),
        eq(clusters.status, 'confirmed'),
        eq(clusterMembers.state, 'joined'),
      ),
    );
  return rows.length ? rows.map((r) => r.ticketId) : [leadTicketId];
}
