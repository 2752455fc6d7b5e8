import type { App } from '../env.ts';
import { registerAutoDispatch } from './autoDispatch.ts';
import { registerRoutingStats } from './stats.ts';
import { registerSuggest } from './suggest.ts';
import { registerTicketSuggestions } from './ticketSuggestions.ts';

export function registerRouting(app: App) {
  registerTicketSuggestions(app);
  registerSuggest(app);
  registerAutoDispatch(app);
  registerRoutingStats(app);
}
