import type { dispatches } from '../../db/schema/index.ts';
import type { Role } from '../../domain/vocabulary.ts';
import type { Actor } from '../tickets.ts';

export type Dispatch = typeof dispatches.$inferSelect;

/**
 * Who acts on a dispatch. The ticket Actor plus what the state machine needs: the role and unit. 'system'
 * acts for timers and auto-dispatch rules.
 */
export interface DispatchActor extends Actor {
  role: Role | 'system';
  unitId: number | null;
  unitPath?: string | null;
}

export const SYSTEM_ACTOR: DispatchActor = { id: null, kind: 'system', role: 'system', unitId: null };

/** A ticket Actor without role information (as other features pass it) counts as the centre or the system. */
export function asDispatchActor(actor: Actor | DispatchActor): DispatchActor {
  if ('role' in actor) return actor;
  return { ...actor, role: actor.kind === 'system' ? 'system' : 'dispatcher', unitId: null };
}

/** The actor for a logged-in user (API handlers). */
export function userActor(
  user: { id: number; role: Role; unitId: number | null; unitPath: string | null },
  requestId?: string | null,
): DispatchActor {
  return {
    id: user.id,
    kind: user.role === 'unit_staff' ? 'unit' : 'user',
    role: user.role,
    unitId: user.unitId,
    unitPath: user.unitPath,
    requestId: requestId ?? null,
  };
}
