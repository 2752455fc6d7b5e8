import type { App } from '../env.ts';
import { registerBulletin } from './bulletin.ts';
import { registerDashboard } from './dashboard.ts';
import { registerExports } from './exports.ts';
import { registerPeriods } from './periods.ts';
import { registerPublicKpi } from './public.ts';
import { registerRankings } from './rankings.ts';
import { registerReport } from './report.ts';
import { registerStatus } from './status.ts';

/** KPIs: reports, rankings, dashboards, the bulletin, published periods, exports, the public page. */
export function registerKpi(app: App) {
  registerReport(app);
  registerRankings(app);
  registerDashboard(app);
  registerBulletin(app);
  registerPeriods(app);
  registerStatus(app);
  registerExports(app);
  registerPublicKpi(app);
}
