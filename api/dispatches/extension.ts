import { createRoute, z } from '@hono/zod-openapi';
import { requestExtension } from '../../services/dispatch/extensions.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse, isoDate, reasonText } from './schemas.ts';

const body = z.object({
  dueAt: isoDate.openapi({ description: '申请延期至（ISO 8601）', example: '2026-12-04T09:30:00Z' }),
  reason: reasonText,
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/extension',
  tags: ['dispatches'],
  summary: '申请延期（办理时限内，须填原因和日期）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerExtension(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['unit_staff'], id, (tx, actor, now) =>
      requestExtension(tx, deps, { dispatchId: id, requestedDueAt: b.dueAt, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
}
