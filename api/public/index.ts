import type { App } from '../env.ts';
import { bodyLimit } from '../lib/bodyLimit.ts';
import { registerComplaints } from './complaints.ts';
import { limitComplaintsByIp, limitComplaintsByPhone, limitLookupsByIp } from './rateLimit.ts';
import { registerSite } from './site.ts';
import { registerTicketStatus } from './ticketStatus.ts';

export const PUBLIC_MAX_BODY_BYTES = 16 * 1024;

/** Citizen-facing, no login: the complaint form, the status lookup and the page that serves both. */
export function registerPublic(app: App) {
  app.use('/api/public/*', bodyLimit(PUBLIC_MAX_BODY_BYTES));
  app.use('/api/public/complaints', limitComplaintsByIp, limitComplaintsByPhone);
  app.use('/api/public/tickets/*', limitLookupsByIp);
  registerComplaints(app);
  registerTicketStatus(app);
  registerSite(app);
}
