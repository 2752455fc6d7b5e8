import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { categories, units } from '../../db/schema/index.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { AppError } from '../../services/errors.ts';
import { registerAgentTicket } from '../../services/intake/agentTicket.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { int4 } from '../lib/ids.ts';
import { ticketInputSchema, ticketSchema } from './schemas.ts';

const createSchema = ticketInputSchema.extend({
  checkRepeat: z
    .boolean()
    .default(true)
    .openapi({
      description:
        '自动查重（默认 true）：有联系人时，与该市民 30 天内同一分类、内容相似的工单比对，命中即关联为重复件（原工单在办则并入、不再派单）。' +
        '话务员确认是新诉求时传 false，仅本次登记不查重（之后仍可手工关联）。',
    }),
});

const repeatSchema = z
  .object({
    originalId: z.number(),
    originalTicketNo: z.string(),
    similarity: z.number(),
    merged: z.boolean().openapi({ description: 'true：原工单在办，本单已并入（状态 merged），不再派单' }),
  })
  .openapi('RepeatLink');

const createdSchema = ticketSchema
  .extend({
    repeat: repeatSchema.nullable().openapi({ description: '自动查重命中的原工单；未命中或未查重为 null' }),
    proposedClusterId: int4.nullable().openapi({
      description:
        '同一地点同类诉求一天内已有他人反映时，本单加入（或发起）的群体事件提议；由调度员确认。非重复件才会提议',
    }),
  })
  .openapi('CreatedTicket');

const route = createRoute({
  method: 'post',
  path: '/api/tickets',
  tags: ['tickets'],
  summary: '登记工单（话务员代来电市民登记）',
  description:
    '与市民自助渠道一样，在同一事务中自动查重：命中时工单带 repeatOfId，事件 ticket.repeat_linked，响应的 repeat 说明原工单；' +
    '原工单仍在办时本单为 merged。请求体 checkRepeat: false 可跳过本次查重。非重复件若与他人一天内同地点同类反映，' +
    '加入群体事件提议（proposedClusterId），待调度员确认。',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: createSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: createdSchema } } },
    ...errorResponses,
  },
});

export function registerCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const phone = body.phone ? normalizePhone(body.phone) : null;
    if (body.phone && !phone) {
      throw new AppError('validation', '电话号码无效', {
        fields: [{ path: 'phone', message: '不是有效的中国大陆电话号码' }],
      });
    }
    if (body.categoryId) {
      const [cat] = await deps.db
        .select({ id: categories.id })
        .from(categories)
        .where(and(eq(categories.id, body.categoryId), eq(categories.active, true)));
      if (!cat)
        throw new AppError('validation', '分类不存在', {
          fields: [{ path: 'categoryId', message: '分类不存在或已停用' }],
        });
    }
    if (body.districtId) {
      const [unit] = await deps.db.select({ id: units.id }).from(units).where(eq(units.id, body.districtId));
      if (!unit)
        throw new AppError('validation', '属地不存在', { fields: [{ path: 'districtId', message: '单位不存在' }] });
    }
    const { ticket, repeat, proposedClusterId } = await registerAgentTicket(
      deps.db,
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
      { id: user.id, kind: 'user', requestId: c.get('requestId') },
      deps.clock.now(),
      { checkRepeat: body.checkRepeat },
    );
    const view = await loadVisibleTicket(deps.db, user, ticket.id);
    return c.json({ ...view, repeat, proposedClusterId }, 201);
  });
}
