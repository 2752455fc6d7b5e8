import type { App } from '../env.ts';
import { registerActions } from './actions.ts';
import { registerGet } from './get.ts';
import { registerList } from './list.ts';

export function registerRevisits(app: App) {
  registerList(app);
  registerGet(app);
  registerActions(app);
}
