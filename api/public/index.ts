import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../services/errors.ts';
import type { App } from '../env.ts';
import { registerComplaints } from './complaints.ts';
import { limitComplaintsByIp, limitComplaintsByPhone, limitLookupsByIp } from './rateLimit.ts';
import { registerSite } from './site.ts';
import { registerTicketStatus } from './ticketStatus.ts';

export const PUBLIC_MAX_BODY_BYTES = 16 * 1024;

/** Citizen-facing, no login: the complaint form, the status lookup and the page that serves both. */
export function registerPublic(app: App) {
  app.use(
    '/api/public/*',
    bodyLimit({
      maxSize: PUBLIC_MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `请求体超过 ${PUBLIC_MAX_BODY_BYTES / 1024} KB 上限`);
      },
    }),
  );
  app.use('/api/public/complaints', limitComplaintsByIp, limitComplaintsByPhone);
  app.use('/api/public/tickets/*', limitLookupsByIp);
  registerComplaints(app);
  registerTicketStatus(app);
  registerSite(app);
}
