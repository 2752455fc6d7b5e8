import { createRoute, z } from '@hono/zod-openapi';
import { urgeDispatch } from '../../services/dispatch/transfer.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const body = z.object({
  message: z.string().trim().min(1, '请填写催办内容').max(500).default('请抓紧办理'),
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/urge',
  tags: ['dispatches'],
  summary: '催办（通知承办单位并计数）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: false, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerUrge(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json') ?? { message: '请抓紧办理' };
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      urgeDispatch(tx, deps, { dispatchId: id, message: b.message, actor }, now),
    );
    return c.json(view, 200);
  });
}
