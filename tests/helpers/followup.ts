import { createTicket, type NewTicket, type Ticket } from '../../services/tickets.ts';
import type { Harness } from './harness.ts';
import { type SmtpPeer, startSmtpPeer } from './smtpPeer.ts';
import { startTwilioServer, type TwilioServer } from './twilioServer.ts';

/** A harness wired to a local Twilio server and SMTP peer: what the citizen receives lands there. */
export interface Peers {
  twilio: TwilioServer;
  smtp: SmtpPeer;
  env: Record<string, string>;
  close(): Promise<void>;
}

export const PUBLIC_BASE = 'https://hotline.example.gov.cn';

export async function startPeers(): Promise<Peers> {
  const twilio = await startTwilioServer();
  const smtp = await startSmtpPeer();
  return {
    twilio,
    smtp,
    env: { ...twilio.env(), ...smtp.env(), PUBLIC_BASE_URL: PUBLIC_BASE },
    async close() {
      await twilio.close();
      await smtp.close();
    },
  };
}

let seq = 0;

/** A citizen ticket with a fresh phone number (so each test's SMS are its own). */
export async function citizenTicket(
  h: Harness,
  over: Partial<NewTicket> & { phone?: string | null; email?: string | null } = {},
): Promise<Ticket & { phone: string | null }> {
  seq++;
  const phone = over.phone === undefined ? `+86139${String(10_000_000 + seq * 7919).slice(-8)}` : over.phone;
  const { ticket } = await createTicket(
    h.deps.db,
    {
      channel: 'phone',
      type: 'help',
      content: over.content ?? '幸福路12号路灯不亮，晚上很黑',
      title: over.title ?? '幸福路路灯不亮',
      confidential: over.confidential ?? false,
      priority: over.priority ?? 'normal',
      contact: { phone, email: over.email ?? null, name: '王先生' },
      ...(over.categoryId ? { categoryId: over.categoryId } : {}),
    },
    { id: null, kind: 'system' },
    h.clock.now(),
  );
  return { ...ticket, phone };
}
