import { count } from 'drizzle-orm';
import type { Deps } from '../../services/deps.ts';
import { units } from '../schema/index.ts';
import { seedCalendars } from './calendars.ts';
import { seedDemoTickets } from './demoTickets.ts';
import { seedDispatchDemo } from './dispatch.ts';
import { seedFollowupDemo } from './followup.ts';
import { seedReference } from './reference.ts';

/**
 * Seeds the demo city into an empty database. Never in production; never over existing data.
 * Feature seeds (calendars, dispatch states, revisits…) hang off the same entry point.
 */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (deps.config.production) return false;
  const [row] = await deps.db.select({ n: count() }).from(units);
  if ((row?.n ?? 0) > 0) return false;
  deps.logger.info('seeding the demo city');
  const ref = await seedReference(deps.db, deps.config.DEMO_PASSWORD);
  await seedCalendars(deps, ref);
  await seedDemoTickets(deps.db, ref, deps.clock.now());
  await seedDispatchDemo(deps, ref);
  await seedFollowupDemo(deps, ref);
  return true;
}
