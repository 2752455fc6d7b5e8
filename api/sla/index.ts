import type { App } from '../env.ts';
import { registerTicketClocks } from './clocks.ts';
import { registerRecomputes } from './recomputes.ts';
import { registerReconcile } from './reconcile.ts';

/** SLA clocks of a ticket (with history), recompute progress, manual reconcile. */
export function registerSla(app: App) {
  registerTicketClocks(app);
  registerRecomputes(app);
  registerReconcile(app);
}
