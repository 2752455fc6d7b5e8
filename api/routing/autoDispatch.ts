import { createRoute, z } from '@hono/zod-openapi';
import { tryAutoDispatch } from '../../services/dispatch/auto.ts';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';

const resultSchema = z
  .object({
    outcome: z.enum(['dispatched', 'no_rule', 'no_unit', 'skipped']),
    dispatchId: z.number().optional(),
    ruleId: z.number().optional(),
  })
  .openapi('AutoDispatchResult');

const route = createRoute({
  method: 'post',
  path: '/api/tickets/{id}/auto-dispatch',
  tags: ['routing'],
  summary: '按自动派单规则派单（每张工单只评估一次）',
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'outcome', content: { 'application/json': { schema: resultSchema } } },
    ...errorResponses,
  },
});

export function registerAutoDispatch(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const res = await runDispatchTx(deps, (tx) => tryAutoDispatch(tx, deps, { ticketId: id }, now));
    return c.json(res, 200);
  });
}
