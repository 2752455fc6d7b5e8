import type { App } from '../env.ts';
import { registerLogin } from './login.ts';
import { registerLogout } from './logout.ts';
import { registerMe } from './me.ts';

export function registerAuth(app: App) {
  registerLogin(app);
  registerLogout(app);
  registerMe(app);
}
