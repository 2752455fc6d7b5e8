import { createRoute, z } from '@hono/zod-openapi';
import { logout } from '../../services/auth.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { bearerToken } from './middleware.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: '退出登录（令牌立即失效）',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'ok', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } },
    ...errorResponses,
  },
});

export function registerLogout(app: App) {
  app.openapi(route, async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token) await logout(c.get('deps').db, token);
    return c.json({ ok: true }, 200);
  });
}
