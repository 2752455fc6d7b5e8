import { count } from 'drizzle-orm';
import type { Deps } from '../../services/deps.ts';
import { units } from '../schema/index.ts';
import { seedCalendars } from './calendars.ts';
import { seedDemoTickets } from './demoTickets.ts';
import { seedDispatchDemo } from './dispatch.ts';
import { seedFollowupDemo } from './followup.ts';
import { seedReference } from './reference.ts';
import { seedWindowDemo } from './window.ts';

/**
 * Seeds the demo city into an empty database. Never in production; never over existing data.
 * Feature seeds (calendars, dispatch states, revisits…) hang off the same entry point.
 */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (deps.config.production) return false;
  const [row] = await deps.db.select({ n: count() }).from(units);
  if ((row?.n ?? 0) > 0) return false;
  // The first start on PGlite takes a minute or two: say what is happening, step by step.
  const started = Date.now();
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    process.stdout.write(`  seeding the demo city: ${label}…\n`);
    const t0 = Date.now();
    const out = await fn();
    deps.logger.debug({ step: label, ms: Date.now() - t0 }, 'seed step done');
    return out;
  };
  process.stdout.write('Seeding the demo city (first start only; about a minute on the embedded database)\n');
  const ref = await step('units, categories and users', () => seedReference(deps.db, deps.config.DEMO_PASSWORD));
  await step('calendars and SLA policies', () => seedCalendars(deps, ref));
  await step('tickets from every channel', () => seedDemoTickets(deps.db, ref, deps.clock.now()));
  await step('dispatch rounds in every state', () => seedDispatchDemo(deps, ref));
  await step('messages, revisits and reviews', () => seedFollowupDemo(deps, ref));
  await step('reports from the service hall window', () => seedWindowDemo(deps, ref));
  process.stdout.write(`  demo city ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
  return true;
}
