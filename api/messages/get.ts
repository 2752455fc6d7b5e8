import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { messages } from '../../db/schema/index.ts';
import { notFound } from '../../services/errors.ts';
import { requireRole, STAFF_ROLES } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { messageIdParam, messageSchema, toMessageView } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/messages/{id}',
  tags: ['messages'],
  summary: '消息详情',
  security: [{ bearer: [] }],
  request: { params: messageIdParam },
  responses: {
    200: { description: 'the message', content: { 'application/json': { schema: messageSchema } } },
    ...errorResponses,
  },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, ...STAFF_ROLES);
    const { id } = c.req.valid('param');
    const [m] = await c.get('deps').db.select().from(messages).where(eq(messages.id, id));
    if (!m) throw notFound('消息');
    return c.json(toMessageView(m), 200);
  });
}
