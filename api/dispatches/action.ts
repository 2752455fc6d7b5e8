import type { Context } from 'hono';
import type { Executor } from '../../db/client.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { runDispatchTx } from '../../services/dispatch/effects.ts';
import { loadDispatchView } from '../../services/dispatch/queries.ts';
import { type DispatchActor, userActor } from '../../services/dispatch/types.ts';
import { requireRole } from '../auth/guard.ts';
import type { AppEnv } from '../env.ts';

/**
 * The shape of every dispatch action handler: authorise, run the service in one transaction (retried on
 * deadlock), then answer with the dispatch as the caller now sees it.
 */
export async function runAction(
  c: Context<AppEnv>,
  roles: Role[],
  dispatchId: number,
  op: (tx: Executor, actor: DispatchActor, now: Date) => Promise<{ id: number } | unknown>,
) {
  const user = requireRole(c, ...roles);
  const deps = c.get('deps');
  const now = deps.clock.now();
  const actor = userActor(user, c.get('requestId'));
  await runDispatchTx(deps, (tx) => op(tx, actor, now));
  return loadDispatchView(deps.db, user, dispatchId, deps.clock.now());
}
