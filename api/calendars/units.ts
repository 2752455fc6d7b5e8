import { createRoute, z } from '@hono/zod-openapi';
import { assignUnits } from '../../services/calendarAdmin.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { idOrCodeParam } from './schemas.ts';

const route = createRoute({
  method: 'put',
  path: '/api/calendars/{idOrCode}/units',
  tags: ['calendars'],
  summary: '设置使用该日历的单位（未列出的原单位改回默认日历；其进行中的期限随之重算）',
  security: [{ bearer: [] }],
  request: {
    params: idOrCodeParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ unitIds: z.array(rowId).max(5000) }) },
      },
    },
  },
  responses: {
    200: {
      description: 'assigned',
      content: {
        'application/json': {
          schema: z.object({ unitIds: z.array(z.number()), recomputeRunIds: z.array(z.number()) }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerUnits(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'admin');
    const { idOrCode } = c.req.valid('param');
    const { unitIds } = c.req.valid('json');
    const res = await assignUnits(c.get('deps'), idOrCode, [...new Set(unitIds)], {
      actorId: user.id,
      requestId: c.get('requestId'),
    });
    return c.json(res, 200);
  });
}
