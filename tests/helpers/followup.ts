import { eq } from 'drizzle-orm';
import { units, users } from '../../db/schema/index.ts';
import { dispatchTicket, runDispatchTx } from '../../services/dispatch/index.ts';
import { replyDispatch, reviewReply } from '../../services/dispatch/replies.ts';
import { signDispatch } from '../../services/dispatch/sign.ts';
import { type DispatchActor, userActor } from '../../services/dispatch/types.ts';
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

/** A logged-in user's dispatch actor, loaded from the seeded users. */
export async function actorOf(h: Harness, username: string): Promise<DispatchActor> {
  const [u] = await h.deps.db
    .select({ id: users.id, role: users.role, unitId: users.unitId, unitPath: units.path })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  return userActor({ id: u.id, role: u.role, unitId: u.unitId, unitPath: u.unitPath ?? null });
}

/**
 * Runs a ticket through one dispatch round to the centre's acceptance of the reply, through the Dispatch
 * engineer's services: dispatched (or re-handled) → signed → replied → accepted → revisit opened.
 */
export async function handleRound(
  h: Harness,
  ticketId: number,
  opts: { unit?: string; replyText?: string; existingDispatchId?: number } = {},
): Promise<number> {
  const unit = opts.unit ?? 'cgj';
  const dispatcher = await actorOf(h, 'dispatcher1');
  const staff = await actorOf(h, unit);
  let dispatchId = opts.existingDispatchId;
  if (!dispatchId) {
    const d = await runDispatchTx(h.deps, (tx) =>
      dispatchTicket(
        tx,
        h.deps,
        { ticketId, unitId: staff.unitId ?? 0, role: 'lead', actor: dispatcher },
        h.clock.now(),
      ),
    );
    dispatchId = d.id;
  }
  const id = dispatchId;
  await runDispatchTx(h.deps, (tx) => signDispatch(tx, h.deps, { dispatchId: id, actor: staff }, h.clock.now()));
  await runDispatchTx(h.deps, (tx) =>
    replyDispatch(
      tx,
      h.deps,
      { dispatchId: id, result: 'resolved', publicText: opts.replyText ?? '路灯已修复，恢复照明', actor: staff },
      h.clock.now(),
    ),
  );
  await runDispatchTx(h.deps, (tx) =>
    reviewReply(tx, h.deps, { dispatchId: id, decision: 'accept', actor: dispatcher }, h.clock.now()),
  );
  return id;
}
