import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { categories, units } from '../../db/schema/index.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { AppError } from '../../services/errors.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { createTicket } from '../../services/tickets.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { ticketInputSchema, ticketSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/tickets',
  tags: ['tickets'],
  summary: '登记工单（话务员代来电市民登记）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ticketInputSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: ticketSchema } } },
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
    const { ticket } = await createTicket(
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
    );
    return c.json(await loadVisibleTicket(deps.db, user, ticket.id), 201);
  });
}
