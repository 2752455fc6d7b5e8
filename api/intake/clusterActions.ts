import { createRoute, z } from '@hono/zod-openapi';
import { passLeadReplyToCluster } from '../../services/dispatch/clusterReply.ts';
import { runDispatchTx } from '../../services/dispatch/index.ts';
import {
  addClusterMember,
  confirmCluster,
  createCluster,
  rejectCluster,
  removeClusterMember,
} from '../../services/intake/clusters.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { rowId, rowIdQuery } from '../lib/ids.ts';
import { clusterView } from './clusters.ts';
import { clusterSchema } from './schemas.ts';

const ids = z.array(rowId).min(1).max(500);
const createSchema = z.object({
  ticketIds: ids.min(2, '至少两张工单'),
  title: z.string().trim().max(100).optional(),
  note: z.string().trim().max(500).optional(),
});
const confirmSchema = z.object({
  leadTicketId: rowId.optional().openapi({ description: '主办工单（派单的那一张）；默认最早的成员' }),
  ticketIds: ids.optional().openapi({ description: '只确认这些成员；其余待定成员移出' }),
});
const reasonSchema = z.object({ reason: z.string().trim().min(1, '请说明原因').max(500) });
const memberSchema = z.object({ ticketId: rowId });
const memberParams = idParam.extend({
  ticketId: rowIdQuery.openapi({ param: { name: 'ticketId', in: 'path' }, example: 1 }),
});

const ok = { description: 'the cluster', content: { 'application/json': { schema: clusterSchema } } };
const json = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });
const security = [{ bearer: [] }];
const tags = ['intake'];

const create = createRoute({
  method: 'post',
  path: '/api/intake/clusters',
  tags,
  security,
  summary: '手工归并为群体事件（待确认）',
  request: { body: json(createSchema) },
  responses: { 201: ok, ...errorResponses },
});
const confirm = createRoute({
  method: 'post',
  path: '/api/intake/clusters/{id}/confirm',
  tags,
  security,
  summary: '确认群体事件：主办工单派单，其余并入（各自仍答复、回访）',
  description:
    '主办工单的答复经中心审核通过时，每张仍处于“已并单”的成员工单都收到同一答复（事件 ticket.cluster_reply），进入待回访，各自回访。' +
    '若确认时主办工单已答复（待回访或已办结），新并入的成员立即收到该答复并进入回访。',
  request: { params: idParam, body: json(confirmSchema) },
  responses: { 200: ok, ...errorResponses },
});
const reject = createRoute({
  method: 'post',
  path: '/api/intake/clusters/{id}/reject',
  tags,
  security,
  summary: '否决群体事件建议',
  request: { params: idParam, body: json(reasonSchema) },
  responses: { 200: ok, ...errorResponses },
});
const addMember = createRoute({
  method: 'post',
  path: '/api/intake/clusters/{id}/members',
  tags,
  security,
  summary: '加入成员（待确认）',
  request: { params: idParam, body: json(memberSchema) },
  responses: { 200: ok, ...errorResponses },
});
const removeMember = createRoute({
  method: 'delete',
  path: '/api/intake/clusters/{id}/members/{ticketId}',
  tags,
  security,
  summary: '移出成员（已并入的回到待派单）',
  request: { params: memberParams, body: json(reasonSchema) },
  responses: { 200: ok, ...errorResponses },
});

const DECIDERS = ['dispatcher', 'supervisor'] as const;

export function registerClusterActions(app: App) {
  app.openapi(create, async (c) => {
    const user = requireRole(c, 'agent', ...DECIDERS);
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    const id = await deps.db.transaction((tx) => createCluster(tx, body, actor, deps.clock.now()));
    return c.json(await clusterView(deps.db, id), 201);
  });

  app.openapi(confirm, async (c) => {
    const user = requireRole(c, ...DECIDERS);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    const now = deps.clock.now();
    await runDispatchTx(deps, async (tx) => {
      const cluster = await confirmCluster(tx, id, body, actor, now);
      // A member confirmed into a cluster whose lead was already answered gets that answer and its revisit now.
      if (cluster.leadTicketId !== null) {
        await passLeadReplyToCluster(tx, deps, { leadTicketId: cluster.leadTicketId, actor }, now);
      }
    });
    return c.json(await clusterView(deps.db, id), 200);
  });

  app.openapi(reject, async (c) => {
    const user = requireRole(c, ...DECIDERS);
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const deps = c.get('deps');
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) => rejectCluster(tx, id, reason, actor, deps.clock.now()));
    return c.json(await clusterView(deps.db, id), 200);
  });

  app.openapi(addMember, async (c) => {
    requireRole(c, 'agent', ...DECIDERS);
    const { id } = c.req.valid('param');
    const { ticketId } = c.req.valid('json');
    const deps = c.get('deps');
    await deps.db.transaction((tx) => addClusterMember(tx, id, ticketId, deps.clock.now()));
    return c.json(await clusterView(deps.db, id), 200);
  });

  app.openapi(removeMember, async (c) => {
    const user = requireRole(c, ...DECIDERS);
    const { id, ticketId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const deps = c.get('deps');
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) => removeClusterMember(tx, id, ticketId, reason, actor, deps.clock.now()));
    return c.json(await clusterView(deps.db, id), 200);
  });
}
