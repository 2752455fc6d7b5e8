import { createRoute, z } from '@hono/zod-openapi';
import { decideExtension } from '../../services/dispatch/extensions.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse, isoDate } from './schemas.ts';

const body = z.object({
  decision: z.enum(['approve', 'reject']),
  dueAt: isoDate.nullable().optional().openapi({ description: '批准时可另定日期；省略则按申请日期' }),
  note: z.string().trim().max(1000).nullable().optional(),
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/extension-decision',
  tags: ['dispatches'],
  summary: '审核延期（中心）：批准（可另定日期）或驳回',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerDecideExtension(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      decideExtension(tx, deps, { dispatchId: id, decision: b.decision, dueAt: b.dueAt, note: b.note, actor }, now),
    );
    return c.json(view, 200);
  });
}
