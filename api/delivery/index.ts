import type { App } from '../env.ts';
import { registerTwilioStatus } from './twilioStatus.ts';

export function registerDelivery(app: App) {
  registerTwilioStatus(app);
}
