import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { infoRequests } from '../../db/schema/index.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { userActor } from '../../services/dispatch/types.ts';
import { notFound } from '../../services/errors.ts';
import {
  cancelInfoRequest,
  INFO_REQUEST_STATUSES,
  listInfoRequests,
  loadInfoRequestView,
  requestCitizenInfo,
} from '../../services/followup/infoRequests.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from './schemas.ts';

const ROLES: Role[] = ['agent', 'dispatcher', 'supervisor', 'unit_staff'];

export const infoRequestSchema = z
  .object({
    id: z.number(),
    ticketId: z.number(),
    question: z.string(),
    status: z.enum(INFO_REQUEST_STATUSES),
    requestedAt: z.string(),
    dueAt: z.string(),
    answeredAt: z.string().nullable(),
    answerText: z.string().nullable(),
    requestedById: z.number().nullable(),
    requestedByName: z.string().nullable(),
  })
  .openapi('InfoRequest');

const createBody = z.object({
  question: z
    .string({ error: '请填写需要市民补充的内容' })
    .trim()
    .min(5, '补充内容至少 5 个字')
    .max(500, '补充内容最多 500 字'),
});

const create = createRoute({
  method: 'post',
  path: '/api/tickets/{id}/info-requests',
  tags: ['tickets'],
  summary: '请市民补充材料（短信/邮件发送问题，暂停办理时限）',
  description:
    '工单在 待派单/已派单/办理中 时可用，每个工单同时只能有一个待补充请求（否则 409）。市民的下一条短信或本工单邮件回复即为补充内容；' +
    '3 个工作日内未补充则自动逾期。等待期间工单的时限暂停，结束后顺延。',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: createBody } } } },
  responses: {
    201: { description: 'sent', content: { 'application/json': { schema: infoRequestSchema } } },
    ...errorResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/info-requests',
  tags: ['tickets'],
  summary: '工单的补充材料请求（新的在前）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'requests', content: { 'application/json': { schema: z.array(infoRequestSchema) } } },
    ...errorResponses,
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/api/info-requests/{id}/cancel',
  tags: ['tickets'],
  summary: '撤回补充材料请求（时限恢复）',
  security: [{ bearer: [] }],
  request: {
    params: idParam,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ reason: z.string().trim().max(200).optional() }) } },
    },
  },
  responses: {
    200: { description: 'withdrawn', content: { 'application/json': { schema: infoRequestSchema } } },
    ...errorResponses,
  },
});

export function registerInfoRequests(app: App) {
  app.openapi(create, async (c) => {
    const user = requireRole(c, ...ROLES);
    const { id } = c.req.valid('param');
    const { question } = c.req.valid('json');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    const now = deps.clock.now();
    const row = await deps.db.transaction((tx) =>
      requestCitizenInfo(tx, deps, { ticketId: id, question, actor: userActor(user, c.get('requestId')) }, now),
    );
    return c.json(await loadInfoRequestView(deps.db, row.id), 201);
  });

  app.openapi(list, async (c) => {
    const user = requireRole(c, ...ROLES, 'window_clerk');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.readDb, user, id);
    return c.json(await listInfoRequests(deps.readDb, id), 200);
  });

  app.openapi(cancel, async (c) => {
    const user = requireRole(c, ...ROLES);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const [req] = await deps.db.select().from(infoRequests).where(eq(infoRequests.id, id));
    if (!req) throw notFound('补充请求');
    await loadVisibleTicket(deps.db, user, req.ticketId);
    const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason;
    const row = await cancelInfoRequest(deps, { id, actor: userActor(user, c.get('requestId')), reason });
    return c.json(await loadInfoRequestView(deps.db, row.id), 200);
  });
}
