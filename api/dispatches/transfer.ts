import { createRoute, z } from '@hono/zod-openapi';
import { transferDispatch } from '../../services/dispatch/transfer.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse, reasonText } from './schemas.ts';

const body = z.object({
  unitId: rowId,
  reason: reasonText,
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/transfer',
  tags: ['dispatches'],
  summary: '转派（中心任意单位；承办单位仅可下派给下级单位）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerTransfer(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor', 'unit_staff'], id, (tx, actor, now) =>
      transferDispatch(tx, deps, { dispatchId: id, unitId: b.unitId, reason: b.reason, actor }, now),
    );
    return c.json(view, 200);
  });
}
