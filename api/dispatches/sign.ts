import { createRoute } from '@hono/zod-openapi';
import { signDispatch } from '../../services/dispatch/sign.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/sign',
  tags: ['dispatches'],
  summary: '签收（承办单位）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerSign(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const view = await runAction(c, ['unit_staff'], id, (tx, actor, now) =>
      signDispatch(tx, deps, { dispatchId: id, actor }, now),
    );
    return c.json(view, 200);
  });
}
