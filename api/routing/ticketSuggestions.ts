import { createRoute, z } from '@hono/zod-openapi';
import { suggestForTicket } from '../../services/routing/suggest.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowIdQuery } from '../lib/ids.ts';
import { presentSuggestions } from './present.ts';
import { suggestionsSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/suggestions',
  tags: ['routing'],
  summary: '智能派单推荐：分类 + 承办单位 + 置信度 + 理由（权责清单、关键词、属地）',
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: rowIdQuery.openapi({ param: { name: 'id', in: 'path' } }),
    }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(20).optional() }),
  },
  responses: {
    200: { description: 'ranked suggestions', content: { 'application/json': { schema: suggestionsSchema } } },
    ...errorResponses,
  },
});

export function registerTicketSuggestions(app: App) {
  app.openapi(route, async (c) => {
    const user = requireRole(c, 'agent', 'dispatcher', 'supervisor');
    const { id } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const deps = c.get('deps');
    await loadVisibleTicket(deps.db, user, id);
    const res = await suggestForTicket(deps.readDb, id, deps.clock.now(), { limit });
    return c.json(await presentSuggestions(deps.readDb, res), 200);
  });
}
