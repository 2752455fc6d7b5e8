import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { clusterMembers, clusters, tickets } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam, isoDates } from '../lib/crud.ts';
import { int4Query } from '../lib/ids.ts';
import { boolish, idList, listQuerySchema, parseList, setTotal, stringList } from '../lib/list.ts';
import { clusterSchema } from './schemas.ts';

type ClusterView = z.infer<typeof clusterSchema>;

const filterSchema = z.object({
  id: idList.optional(),
  status: stringList(['proposed', 'confirmed', 'rejected'] as const).optional(),
  /** Clusters with members waiting for a dispatcher's decision. */
  pending: boolish.optional(),
  ticketId: int4Query.optional(),
});

// clusters.id written out: in a one-table select list drizzle renders a column unqualified ("id"), which
// would silently mean m.id should cluster_members ever get one.
const memberCount = sql<number>`(select count(*)::int from cluster_members m where m.cluster_id = clusters.id and m.state <> 'removed')`;
const pendingCount = sql<number>`(select count(*)::int from cluster_members m where m.cluster_id = clusters.id and m.state = 'proposed')`;

const columns = {
  id: clusters.id,
  status: clusters.status,
  title: clusters.title,
  categoryId: clusters.categoryId,
  place: clusters.place,
  leadTicketId: clusters.leadTicketId,
  proposedById: clusters.proposedById,
  decidedAt: clusters.decidedAt,
  decidedById: clusters.decidedById,
  note: clusters.note,
  version: clusters.version,
  memberCount,
  pendingCount,
  createdAt: clusters.createdAt,
  updatedAt: clusters.updatedAt,
};

export const CLUSTER_READERS = ['agent', 'dispatcher', 'supervisor'] as const;

/** One cluster with its members, as the dispatcher reviews it. */
export async function clusterView(db: Executor, id: number): Promise<ClusterView> {
  const [row] = await db.select(columns).from(clusters).where(eq(clusters.id, id));
  if (!row) throw notFound('群体事件');
  const members = await db
    .select({
      ticketId: clusterMembers.ticketId,
      ticketNo: tickets.ticketNo,
      title: tickets.title,
      address: tickets.address,
      status: tickets.status,
      contactId: tickets.contactId,
      state: clusterMembers.state,
      createdAt: tickets.createdAt,
    })
    .from(clusterMembers)
    .innerJoin(tickets, eq(tickets.id, clusterMembers.ticketId))
    .where(eq(clusterMembers.clusterId, id))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
  return { ...isoDates(row), members: members.map((m) => isoDates(m)) } as ClusterView;
}

const list = createRoute({
  method: 'get',
  path: '/api/intake/clusters',
  tags: ['intake'],
  summary: '群体事件（同一地点、同一分类、一天内多人反映）',
  security: [{ bearer: [] }],
  request: { query: listQuerySchema.passthrough() },
  responses: {
    200: { description: 'a page', content: { 'application/json': { schema: z.array(clusterSchema) } } },
    ...errorResponses,
  },
});

const get = createRoute({
  method: 'get',
  path: '/api/intake/clusters/{id}',
  tags: ['intake'],
  summary: '群体事件详情（含成员工单）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'one cluster', content: { 'application/json': { schema: clusterSchema } } },
    ...errorResponses,
  },
});

export function registerClusterReads(app: App) {
  app.openapi(list, async (c) => {
    requireRole(c, ...CLUSTER_READERS);
    const db = c.get('deps').readDb;
    const sortable = { id: clusters.id, createdAt: clusters.createdAt, updatedAt: clusters.updatedAt };
    const p = parseList(c, filterSchema, Object.keys(sortable), 'id');
    const conds: Array<SQL | undefined> = [];
    if (p.filter.id) conds.push(inArray(clusters.id, p.filter.id));
    if (p.filter.status) conds.push(inArray(clusters.status, p.filter.status));
    if (p.filter.pending) conds.push(sql`${pendingCount} > 0 and ${clusters.status} <> 'rejected'`);
    if (p.filter.ticketId) {
      conds.push(
        sql`exists (select 1 from cluster_members m where m.cluster_id = ${clusters.id} and m.ticket_id = ${p.filter.ticketId})`,
      );
    }
    const where = and(...conds);
    const col = sortable[p.sort as keyof typeof sortable];
    const [rows, [total]] = await Promise.all([
      db
        .select(columns)
        .from(clusters)
        .where(where)
        .orderBy(p.order === 'asc' ? asc(col) : desc(col), desc(clusters.id))
        .limit(p.end - p.start)
        .offset(p.start),
      db.select({ n: count() }).from(clusters).where(where),
    ]);
    setTotal(c, 'intake/clusters', p.start, rows.length, total?.n ?? 0);
    return c.json(
      rows.map((r) => isoDates(r) as ClusterView),
      200,
    );
  });

  app.openapi(get, async (c) => {
    requireRole(c, ...CLUSTER_READERS);
    const { id } = c.req.valid('param');
    return c.json(await clusterView(c.get('deps').db, id), 200);
  });
}
