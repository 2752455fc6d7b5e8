import { type ReferenceIds, seedReference } from '../../db/seed/reference.ts';
import type { Harness } from './harness.ts';

/** The demo city's units, categories and users (password demo12345), without the demo tickets. */
export function seedCity(h: Harness): Promise<ReferenceIds> {
  return seedReference(h.deps.db, 'demo12345');
}

export function must<T>(v: T | undefined | null, what = 'value'): T {
  if (v === undefined || v === null) throw new Error(`${what} missing`);
  return v;
}
