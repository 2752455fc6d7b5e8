import type { App } from '../env.ts';
import { registerMetrics } from './metrics.ts';
import { registerReady } from './ready.ts';

export { opsMiddleware } from './middleware.ts';

/** Operations endpoints: GET /metrics (Prometheus) and GET /api/ready (readiness). */
export function registerOps(app: App) {
  registerReady(app);
  registerMetrics(app);
}
