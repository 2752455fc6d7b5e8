import type { App } from '../env.ts';
import { registerSupervisionActions } from './actions.ts';
import { registerSupervisionCreate } from './create.ts';
import { registerSupervisionRead } from './list.ts';

export function registerSupervision(app: App) {
  registerSupervisionRead(app);
  registerSupervisionCreate(app);
  registerSupervisionActions(app);
}
