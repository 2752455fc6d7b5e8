import { createRoute, z } from '@hono/zod-openapi';
import { markMessageSent } from '../../services/followup/messageActions.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { messageIdParam, messageSchema, toMessageView } from './schemas.ts';

const body = z.object({
  note: z.string().trim().max(500).nullable().optional(),
  providerId: z
    .string()
    .regex(/^(SM|MM)[0-9a-f]{32}$/, 'Twilio MessageSid 格式')
    .nullable()
    .optional(),
});

const route = createRoute({
  method: 'post',
  path: '/api/messages/{id}/mark-sent',
  tags: ['messages'],
  summary: '人工确认“结果不明”的短信已发出（不重发）',
  security: [{ bearer: [] }],
  request: { params: messageIdParam, body: { required: false, content: { 'application/json': { schema: body } } } },
  responses: {
    200: { description: 'the message, now sent', content: { 'application/json': { schema: messageSchema } } },
    ...errorResponses,
  },
});

export function registerMarkSent(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json') ?? {};
    const deps = c.get('deps');
    const row = await deps.db.transaction((tx) =>
      markMessageSent(
        tx,
        {
          messageId: id,
          providerId: b.providerId,
          note: b.note,
          actor: { id: user.id, kind: 'user', requestId: c.get('requestId') },
        },
        deps.clock.now(),
      ),
    );
    return c.json(toMessageView(row), 200);
  });
}
