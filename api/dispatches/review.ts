import { createRoute, z } from '@hono/zod-openapi';
import { reviewReply } from '../../services/dispatch/replies.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const body = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: z.string().trim().max(1000).nullable().optional().openapi({ description: '退回时必填' }),
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/review',
  tags: ['dispatches'],
  summary: '审核答复（中心）：通过（转回访）或退回重办',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerReview(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      reviewReply(tx, deps, { dispatchId: id, decision: b.decision, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
}
