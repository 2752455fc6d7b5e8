import { createRoute, z } from '@hono/zod-openapi';
import { WINDOW_REVIEW_OUTCOMES } from '../../domain/intake/window.ts';
import { reviewWindowReport } from '../../services/intake/window.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { windowReportSchema } from './schemas.ts';
import { loadWindowReport } from './windowReports.ts';

const reviewSchema = z.object({
  outcome: z
    .enum(WINDOW_REVIEW_OUTCOMES)
    .openapi({ description: 'dispatch 需派单督办 | answered 已当场解释答复 | no_action 无需处理' }),
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .openapi({ description: 'answered / no_action 时必填：即答复市民的内容，待派单的工单随之直接答复办结' }),
});

const route = createRoute({
  method: 'post',
  path: '/api/intake/window-reports/{id}/review',
  tags: ['intake'],
  summary: '中心研判窗口反映（已答复、无需处理的，待派单工单以备注直接答复办结并告知市民）',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: reviewSchema } } } },
  responses: {
    200: { description: 'reviewed', content: { 'application/json': { schema: windowReportSchema } } },
    ...errorResponses,
  },
});

export function registerWindowReview(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const actor = { id: user.id, kind: 'user' as const, requestId: c.get('requestId') };
    await deps.db.transaction((tx) => reviewWindowReport(tx, deps, id, body, actor, deps.clock.now()));
    return c.json(await loadWindowReport(deps.db, user, id), 200);
  });
}
