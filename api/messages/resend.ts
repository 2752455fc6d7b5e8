import { createRoute } from '@hono/zod-openapi';
import { resendMessage } from '../../services/followup/messageActions.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { messageIdParam, messageSchema, noteBody, toMessageView } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/messages/{id}/resend',
  tags: ['messages'],
  summary: '重发（失败、结果不明或市民说没收到的消息；生成新的一条，静默时段与退订照常适用）',
  security: [{ bearer: [] }],
  request: { params: messageIdParam, body: { required: false, content: { 'application/json': { schema: noteBody } } } },
  responses: {
    201: { description: 'the new outbox row', content: { 'application/json': { schema: messageSchema } } },
    ...errorResponses,
  },
});

export function registerResend(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const deps = c.get('deps');
    const now = deps.clock.now();
    const copy = await deps.db.transaction((tx) =>
      resendMessage(
        tx,
        deps,
        { messageId: id, note: body.note, actor: { id: user.id, kind: 'user', requestId: c.get('requestId') } },
        now,
      ),
    );
    return c.json(toMessageView(copy), 201);
  });
}
