import { createRoute, z } from '@hono/zod-openapi';
import { suggestFor } from '../../services/routing/suggest.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { rowId } from '../lib/ids.ts';
import { presentSuggestions } from './present.ts';
import { suggestionsSchema } from './schemas.ts';

const body = z.object({
  title: z.string().trim().max(100).optional(),
  content: z.string().trim().min(1, '内容不能为空').max(5000),
  address: z.string().trim().max(200).optional(),
  categoryId: rowId.optional(),
  districtId: rowId.optional(),
  limit: z.number().int().min(1).max(20).optional(),
});

const route = createRoute({
  method: 'post',
  path: '/api/routing/suggest',
  tags: ['routing'],
  summary: '按文字即时推荐分类与承办单位（登记表单上边输入边推荐）',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    200: { description: 'ranked suggestions', content: { 'application/json': { schema: suggestionsSchema } } },
    ...errorResponses,
  },
});

export function registerSuggest(app: App) {
  app.openapi(route, async (c) => {
    requireRole(c, 'agent', 'dispatcher', 'supervisor', 'window_clerk');
    const b = c.req.valid('json');
    const deps = c.get('deps');
    const res = await suggestFor(deps.readDb, b, deps.clock.now(), { limit: b.limit });
    return c.json(await presentSuggestions(deps.readDb, res), 200);
  });
}
