import { createRoute, z } from '@hono/zod-openapi';
import { REPLY_RESULTS } from '../../domain/dispatch/rules.ts';
import { replyDispatch } from '../../services/dispatch/replies.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { int4 } from '../lib/ids.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const attachment = z.object({
  name: z.string().trim().min(1).max(200),
  url: z.string().trim().min(1).max(1000),
  size: int4.nonnegative().optional(),
  contentType: z.string().max(100).optional(),
});

const body = z.object({
  result: z.enum(REPLY_RESULTS),
  publicText: z.string().trim().min(1, '请填写答复市民的内容').max(2000),
  internalNotes: z.string().trim().max(5000).nullable().optional(),
  attachments: z.array(attachment).max(20).default([]),
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/reply',
  tags: ['dispatches'],
  summary: '办结答复（结果、答复市民内容、内部说明、附件）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerReply(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['unit_staff'], id, (tx, actor, now) =>
      replyDispatch(tx, deps, { dispatchId: id, ...b, actor }, now),
    );
    return c.json(view, 200);
  });
}
