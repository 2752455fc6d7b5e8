import type { App } from '../env.ts';
import { registerGet } from './get.ts';
import { registerList } from './list.ts';
import { registerMarkSent } from './markSent.ts';
import { registerResend } from './resend.ts';

export function registerMessages(app: App) {
  registerList(app);
  registerGet(app);
  registerResend(app);
  registerMarkSent(app);
}
