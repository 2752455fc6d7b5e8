import { createRoute } from '@hono/zod-openapi';
import { loadDispatchView } from '../../services/dispatch/queries.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/dispatches/{id}',
  tags: ['dispatches'],
  summary: '派单详情（含待审退单/延期、最近答复、当前可执行操作）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerGet(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    return c.json(await loadDispatchView(deps.db, user, id, deps.clock.now()), 200);
  });
}
