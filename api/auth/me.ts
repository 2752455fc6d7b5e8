import { createRoute } from '@hono/zod-openapi';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { requireRole } from './guard.ts';
import { sessionUserSchema } from './login.ts';

const route = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: '当前用户',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'the logged-in user', content: { 'application/json': { schema: sessionUserSchema } } },
    ...errorResponses,
  },
});

export function registerMe(app: App) {
  app.openapi(route, async (c) => {
    const { unitPath: _p, ...user } = requireRole(c);
    return c.json(user, 200);
  });
}
