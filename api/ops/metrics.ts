import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { renderMetrics } from '../../services/metrics.ts';
import type { App } from '../env.ts';

/**
 * Optional bearer token for /metrics (METRICS_TOKEN). Unset, the endpoint is open: keep it on the private
 * network, as with any Prometheus target.
 */
const metricsEnv = z.object({ METRICS_TOKEN: z.string().min(1).optional() });

function authorised(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7).trim() : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** GET /metrics (outside /api, as Prometheus expects): Prometheus text exposition format. */
export function registerMetrics(app: App) {
  const { METRICS_TOKEN } = metricsEnv.parse(process.env);
  app.get('/metrics', async (c) => {
    if (!authorised(c.req.header('authorization'), METRICS_TOKEN)) {
      return c.text('unauthorized\n', 401, { 'WWW-Authenticate': 'Bearer' });
    }
    const { contentType, body } = await renderMetrics(c.get('deps'));
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
}
