import type { Deps } from '../deps.ts';
import { type CallRow, callerProfile } from './calls.ts';

/**
 * Pushes the caller's profile to the console of the agent who answered (audience user:<id>), the moment
 * the PBX reports the answer. Best effort after commit: the console can always reload the call.
 */
export async function publishScreenPop(deps: Deps, call: CallRow, agentId: number): Promise<void> {
  const profile = await callerProfile(deps.db, call.phone, deps.clock.now());
  await deps.bus.publish({
    topic: 'call.screen_pop',
    audience: [`user:${agentId}`],
    data: {
      callId: call.callId,
      direction: call.direction,
      from: call.fromNumber,
      queue: call.queue,
      answeredAt: call.answeredAt?.toISOString() ?? null,
      ...profile,
      // A new ticket pre-filled for the intake form when the agent registers one.
      prefill: {
        channel: 'phone',
        callId: call.callId,
        phone: profile.phone ?? call.fromNumber,
        name: profile.contact?.name ?? null,
        type: 'consultation',
      },
    },
  });
}

/** Refreshes the agents' callback list. */
export async function publishMissedCall(deps: Deps, call: CallRow): Promise<void> {
  await deps.bus.publish({
    topic: 'call.missed',
    audience: ['role:agent', 'role:supervisor'],
    data: { callId: call.callId, phone: call.phone ?? call.fromNumber, missedAt: call.endedAt?.toISOString() ?? null },
  });
}
