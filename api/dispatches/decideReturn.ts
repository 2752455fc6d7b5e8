import { createRoute, z } from '@hono/zod-openapi';
import { decideReturn } from '../../services/dispatch/returns.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { runAction } from './action.ts';
import { dispatchIdParam, dispatchResponse } from './schemas.ts';

const body = z.object({
  decision: z.enum(['approve', 'override']).openapi({ description: 'approve 同意退单 | override 驳回，原单位须办理' }),
  newUnitId: rowId.nullable().optional().openapi({ description: '同意后改派的单位' }),
  note: z.string().trim().max(1000).nullable().optional(),
});

const route = createRoute({
  method: 'post',
  path: '/api/dispatches/{id}/return-decision',
  tags: ['dispatches'],
  summary: '审核退单（中心）：同意并改派，或驳回',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { ...dispatchResponse, ...errorResponses },
});

export function registerDecideReturn(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const view = await runAction(c, ['dispatcher', 'supervisor'], id, (tx, actor, now) =>
      decideReturn(
        tx,
        deps,
        { dispatchId: id, decision: b.decision, newUnitId: b.newUnitId, note: b.note, actor },
        now,
      ),
    );
    return c.json(view, 200);
  });
}
