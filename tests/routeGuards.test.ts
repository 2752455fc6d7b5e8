import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PATHS } from '../api/auth/middleware.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

/** Every route in the OpenAPI document refuses anonymous callers unless it is deliberately public. */
let h: Harness;
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  h = await createHarness();
  await seedCity(h);
  const doc = (await (await h.request('GET', '/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1') })),
  );
});
afterAll(() => h.close());

describe('route guards', () => {
  it('documents a meaningful number of routes', () => {
    expect(routes.length).toBeGreaterThan(15);
  });

  it('answers 401 JSON to anonymous calls on every non-public route', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (PUBLIC_PATHS.some((p) => p.test(r.path))) continue;
      const res = await h.request(r.method, r.path, r.method === 'GET' ? {} : { body: {} });
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      if (res.status !== 401 || body?.error?.code !== 'unauthorized')
        failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to a window clerk probing every route with an empty body', async () => {
    const token = await h.login('clerk1');
    const failures: string[] = [];
    for (const r of routes) {
      if (r.path.includes('/stream')) continue; // long-lived SSE
      const res = await h.request(r.method, r.path, r.method === 'GET' ? { token } : { token, body: {} });
      // 503 is a deliberate "channel not configured" (CTI token, Twilio account unset), not a crash.
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      const deliberate = res.status === 503 && body?.error?.code === 'unavailable';
      if (res.status >= 500 && !deliberate) failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
