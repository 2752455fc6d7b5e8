import { createRoute, z } from '@hono/zod-openapi';
import { dispatchFromCentre } from '../../services/dispatch/centre.ts';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { ticketDispatchViews } from '../../services/dispatch/queries.ts';
import { userActor } from '../../services/dispatch/types.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { dispatchIdParam, dispatchSchema } from './schemas.ts';

const body = z.object({
  unitId: rowId.openapi({ description: '主办单位' }),
  coUnitIds: z.array(rowId).max(10).default([]).openapi({ description: '协办单位' }),
  categoryId: rowId.nullable().optional().openapi({ description: '派单员确定的分类' }),
  instructions: z.string().trim().max(2000).nullable().optional(),
});

const resultSchema = z
  .object({
    dispatches: z.array(dispatchSchema),
    acceptedSuggestion: z.boolean(),
    suggestion: z
      .object({ categoryId: z.number(), unitId: z.number(), confidence: z.number(), reasons: z.array(z.string()) })
      .nullable(),
  })
  .openapi('DispatchResult');

const route = createRoute({
  method: 'post',
  path: '/api/tickets/{id}/dispatch',
  tags: ['dispatches'],
  summary: '派单：主办单位 + 可选协办单位（记录是否采纳推荐）',
  security: [{ bearer: [] }],
  request: { params: dispatchIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    201: { description: 'dispatched', content: { 'application/json': { schema: resultSchema } } },
    ...errorResponses,
  },
});

export function registerTicketDispatch(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const res = await runDispatchTx(deps, (tx) =>
      dispatchFromCentre(
        tx,
        deps,
        {
          ticketId: id,
          unitId: b.unitId,
          coUnitIds: b.coUnitIds,
          categoryId: b.categoryId,
          instructions: b.instructions,
          actor: userActor(user, c.get('requestId')),
        },
        now,
      ),
    );
    const ids = new Set([res.lead.id, ...res.co.map((d) => d.id)]);
    const views = (await ticketDispatchViews(deps.db, user, id, deps.clock.now())).filter((v) => ids.has(v.id));
    const s = res.suggestion;
    return c.json(
      {
        dispatches: views,
        acceptedSuggestion: res.acceptedSuggestion,
        suggestion: s
          ? { categoryId: s.categoryId, unitId: s.unitId, confidence: s.confidence, reasons: s.reasons }
          : null,
      },
      201,
    );
  });
}
