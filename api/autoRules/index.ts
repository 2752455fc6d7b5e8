import type { App } from '../env.ts';
import { registerAutoRulesCreate } from './create.ts';
import { registerAutoRulesDelete } from './delete.ts';
import { registerAutoRulesRead } from './list.ts';
import { registerAutoRulesUpdate } from './update.ts';

export function registerAutoRules(app: App) {
  registerAutoRulesRead(app);
  registerAutoRulesCreate(app);
  registerAutoRulesUpdate(app);
  registerAutoRulesDelete(app);
}
