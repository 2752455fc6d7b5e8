import { createRoute, z } from '@hono/zod-openapi';
import { login } from '../../services/auth.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';

export const sessionUserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    unitId: z.number().nullable(),
    unitName: z.string().nullable(),
  })
  .openapi('SessionUser');

const route = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: '登录',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'token and user',
      content: {
        'application/json': {
          schema: z.object({ token: z.string(), expiresAt: z.string(), user: sessionUserSchema }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerLogin(app: App) {
  app.openapi(route, async (c) => {
    const { username, password } = c.req.valid('json');
    const deps = c.get('deps');
    const res = await login(deps.db, username, password, deps.clock.now(), deps.config.TOKEN_TTL_HOURS);
    const { unitPath: _p, ...user } = res.user;
    return c.json({ token: res.token, expiresAt: res.expiresAt.toISOString(), user }, 200);
  });
}
