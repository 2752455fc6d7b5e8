import type { App } from '../env.ts';
import { registerCreate } from './create.ts';
import { registerDelete } from './delete.ts';
import { registerGet } from './get.ts';
import { registerList } from './list.ts';
import { registerUpdate } from './update.ts';

/** SLA policies: limits per ticket type, priority and category, matched by explicit position. */
export function registerSlaPolicies(app: App) {
  registerList(app);
  registerCreate(app);
  registerGet(app);
  registerUpdate(app);
  registerDelete(app);
}
