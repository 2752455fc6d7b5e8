import { createRoute, z } from '@hono/zod-openapi';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { openSupervision } from '../../services/dispatch/supervision.ts';
import { userActor } from '../../services/dispatch/types.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { supervisionSchema } from './schemas.ts';
import { loadCaseView } from './view.ts';

const body = z.object({
  title: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(1, '请填写督办事由').max(2000),
  ticketIds: z.array(rowId).min(1).max(200),
  unitId: rowId.nullable().optional().openapi({ description: '默认：首张工单本轮主办单位' }),
  workingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .optional()
    .openapi({ description: '督办期限（工作日）；省略按时限策略' }),
  hours: z.number().int().min(1).max(480).optional(),
});

const route = createRoute({
  method: 'post',
  path: '/api/supervision',
  tags: ['supervision'],
  summary: '立督办件（一张或多张工单，设期限，超期升级至单位负责人）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    201: { description: 'opened', content: { 'application/json': { schema: supervisionSchema } } },
    ...errorResponses,
  },
});

export function registerSupervisionCreate(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'supervisor');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const limit = b.workingDays ? { workingDays: b.workingDays } : b.hours ? { hours: b.hours } : undefined;
    const row = await runDispatchTx(deps, (tx) =>
      openSupervision(
        tx,
        deps,
        {
          title: b.title,
          reason: b.reason,
          ticketIds: b.ticketIds,
          unitId: b.unitId,
          limit,
          actor: userActor(user, c.get('requestId')),
        },
        now,
      ),
    );
    return c.json(await loadCaseView(deps.db, user, row.id, deps.clock.now()), 201);
  });
}
