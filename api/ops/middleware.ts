import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { httpDuration } from '../../services/metrics.ts';
import { runWithRequestId } from '../../services/requestContext.ts';
import type { AppEnv } from '../env.ts';

/**
 * The route pattern that answered ('/api/tickets/:id'), never the raw path, so the latency histogram keeps
 * a bounded number of series. Middleware-only matches (404s, '*') are labelled 'unmatched'.
 */
function routeLabel(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const routes = matchedRoutes(c);
  const index = c.req.routeIndex;
  const answered = routes[index] ?? routes[routes.length - 1];
  if (!answered || answered.method === 'ALL' || answered.path === '*' || answered.path.endsWith('/*')) {
    return answered && !answered.path.startsWith('/api') && c.res.status < 400 ? 'static' : 'unmatched';
  }
  return answered.path;
}

/**
 * Runs after hono's requestId middleware: opens the request context (services/requestContext.ts) so code
 * below the handler and the jobs it queues carry the request id, then records latency and an access log.
 */
export const opsMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = c.get('requestId');
  const started = performance.now();
  await runWithRequestId(requestId, () => next());
  const seconds = (performance.now() - started) / 1000;
  const route = routeLabel(c);
  const status = c.res.status;
  httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
  const deps = c.get('deps');
  // Reads that succeed are many and dull (consoles poll); mutations and failures are worth a line.
  const level = status >= 500 ? 'error' : c.req.method === 'GET' && status < 400 ? 'debug' : 'info';
  deps?.logger[level](
    { requestId, method: c.req.method, route, path: c.req.path, status, ms: Math.round(seconds * 1000) },
    'http request',
  );
};
