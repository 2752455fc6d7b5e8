import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_REASON_CODES } from '../../domain/dispatch/rules.ts';
import { requestReturn } from '../../services/dispatch/returns.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse, reasonText } from './schemas.ts';

const body = z.object({
  reasonCode: z.enum(RETURN_REASON_CODES),
  reasonText,
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/return',
  tags: ['dispatches'],
  summary: '申请退单（签收时限内，须填原因代码和说明）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerReturn(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['unit_staff'], id, (tx, actor, now) =>
      requestReturn(tx, deps, { dispatchId: id, reasonCode: b.reasonCode, reasonText: b.reasonText, actor }, now),
    );
    return c.json(view, 200);
  });
}
