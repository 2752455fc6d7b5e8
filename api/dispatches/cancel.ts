import { createRoute, z } from '@hono/zod-openapi';
import { cancelDispatch } from '../../services/dispatch/transfer.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse, reasonText } from './schemas.ts';

const body = z.object({ reason: reasonText });

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/cancel',
  tags: ['dispatches'],
  summary: '撤销派单（中心）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerCancel(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      cancelDispatch(tx, deps, { dispatchId: id, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
}
