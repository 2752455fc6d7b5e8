import type { App } from '../env.ts';
import { registerCreate } from './create.ts';
import { registerEvents } from './events.ts';
import { registerGet } from './get.ts';
import { registerInfoRequests } from './infoRequests.ts';
import { registerList } from './list.ts';
import { registerUpdate } from './update.ts';

export function registerTickets(app: App) {
  registerList(app);
  registerCreate(app);
  registerGet(app);
  registerUpdate(app);
  registerEvents(app);
  registerInfoRequests(app);
}
