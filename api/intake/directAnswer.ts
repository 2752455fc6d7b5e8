import { createRoute, z } from '@hono/zod-openapi';
import { normalizePhone } from '../../domain/phone.ts';
import { AppError } from '../../services/errors.ts';
import { answerDirectly } from '../../services/intake/kb.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { allocateTicketNo, insertTicket } from '../../services/tickets.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { int4, rowId } from '../lib/ids.ts';
import { idParam, ticketInputSchema, ticketSchema } from '../tickets/schemas.ts';

const answerSchema = z.object({
  kbEntryId: rowId.nullish().openapi({ description: '引用的知识库条目；不填答复内容时以条目答复为准' }),
  answer: z.string().trim().max(10_000).nullish(),
  version: int4.optional(),
});

const onTicketSchema = answerSchema.extend({
  answerCluster: z.boolean().optional().openapi({
    description: '工单是已确认群体事件的主单时：true 以同一答复一并办结全部合并工单（各自短信/邮件告知市民）',
  }),
});

const onTicket = createRoute({
  method: 'post',
  path: '/api/tickets/{id}/direct-answer',
  tags: ['intake'],
  summary: '直接答复办结（话务员依据知识库当场答复）',
  description:
    '仅待派单的工单可直接答复办结；非电话渠道的工单，答复内容以短信/邮件告知市民（电话渠道视为已在通话中答复）。群体事件主单仍代其他合并工单办理时：不带 answerCluster 返回 409（mergedTicketIds）；带 answerCluster: true 则以同一答复一并办结全部合并工单，并分别告知其市民。',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: onTicketSchema } } } },
  responses: {
    200: { description: 'closed as a direct answer', content: { 'application/json': { schema: ticketSchema } } },
    ...errorResponses,
  },
});

const registerAndAnswer = createRoute({
  method: 'post',
  path: '/api/intake/direct-answers',
  tags: ['intake'],
  summary: '登记并直接答复办结（一步完成：咨询在通话中答复）',
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: ticketInputSchema.extend(answerSchema.omit({ version: true }).shape) } },
    },
  },
  responses: {
    201: { description: 'registered and closed', content: { 'application/json': { schema: ticketSchema } } },
    ...errorResponses,
  },
});

const ROLES = ['agent', 'dispatcher', 'supervisor'] as const;

/** A caller heard the answer on the phone; a citizen who wrote (web, SMS, e-mail, window) is sent it. */
const answeredElsewhere = (channel: string) => channel !== 'phone';

export function registerDirectAnswer(app: App) {
  app.openapi(onTicket, async (c) => {
    const user = requireRole(c, ...ROLES);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const ticket = await loadVisibleTicket(deps.db, user, id);
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) =>
      answerDirectly(tx, deps, id, body, actor, deps.clock.now(), { notifyCitizen: answeredElsewhere(ticket.channel) }),
    );
    return c.json(await loadVisibleTicket(deps.db, user, id), 200);
  });

  app.openapi(registerAndAnswer, async (c) => {
    const user = requireRole(c, ...ROLES);
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const phone = body.phone ? normalizePhone(body.phone) : null;
    if (body.phone && !phone) {
      throw new AppError('validation', '电话号码无效', {
        fields: [{ path: 'phone', message: '不是有效的中国大陆电话号码' }],
      });
    }
    if (!body.answer && !body.kbEntryId) {
      throw new AppError('validation', '请填写答复内容或选择知识库条目', {
        fields: [{ path: 'answer', message: '答复内容与知识库条目至少填一项' }],
      });
    }
    const now = deps.clock.now();
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    const ticketNo = await allocateTicketNo(deps.db, now);
    const ticket = await deps.db.transaction(async (tx) => {
      const t = await insertTicket(
        tx,
        ticketNo,
        {
          channel: body.channel,
          type: body.type,
          priority: body.priority,
          title: body.title,
          content: body.content,
          address: body.address,
          categoryId: body.categoryId,
          districtId: body.districtId,
          confidential: body.confidential,
          callId: body.callId,
          contact: phone || body.email ? { phone, email: body.email, name: body.name } : undefined,
        },
        actor,
        now,
      );
      await answerDirectly(tx, deps, t.id, { answer: body.answer, kbEntryId: body.kbEntryId }, actor, now, {
        notifyCitizen: answeredElsewhere(body.channel),
      });
      return t;
    });
    return c.json(await loadVisibleTicket(deps.db, user, ticket.id), 201);
  });
}
