import type { MiddlewareHandler } from 'hono';
import { userForToken } from '../../services/auth.ts';
import { AppError } from '../../services/errors.ts';
import type { AppEnv } from '../env.ts';

/**
 * Paths reachable without a bearer token. Each has its own guard: the CTI feed its shared secret,
 * Twilio its signature, the citizen page rate limits and query codes.
 */
export const PUBLIC_PATHS: RegExp[] = [
  /^\/api\/auth\/login$/,
  /^\/api\/health$/,
  /^\/api\/ready$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs/,
  /^\/api\/public\//,
  /^\/api\/intake\/cti$/,
  /^\/api\/intake\/sms\/twilio/,
  // Bull Board: its own guard (admin; ?access_token= once, then a short-lived path cookie).
  /^\/api\/admin\/queues(\/|$)/,
];

export function bearerToken(header: string | undefined, query?: string): string | null {
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  // EventSource cannot set headers: live streams pass the token as ?access_token=.
  return query || null;
}

export const authMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = c.req.path;
  if (!path.startsWith('/api/') || PUBLIC_PATHS.some((p) => p.test(path))) return next();
  const token = bearerToken(c.req.header('authorization'), c.req.query('access_token'));
  if (!token) throw new AppError('unauthorized', '请先登录');
  const deps = c.get('deps');
  const user = await userForToken(deps.db, token, deps.clock.now());
  if (!user) throw new AppError('unauthorized', '登录已过期，请重新登录');
  c.set('user', user);
  return next();
};
