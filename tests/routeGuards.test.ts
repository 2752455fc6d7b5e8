import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PATHS } from '../api/auth/middleware.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

/** Every route in the OpenAPI document refuses anonymous callers unless it is deliberately public. */
let h: Harness;
let routes: Array<{ method: string; path: string }>;
let doc: OpenApiDoc;

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
}
type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
};

const NUL_TEXT = 'x\u0000y';

/** The component schema a `$ref` points to. */
const deref = (ref: string) => doc.components?.schemas?.[ref.split('/').pop() ?? ''];

/** A value of `schema` that passes its other checks where it can, with U+0000 in every free-text string. */
function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return NUL_TEXT;
  if (schema.$ref) return sampleOf(deref(schema.$ref), depth + 1);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const first = alternatives.find((a) => a.type !== 'null') ?? alternatives[0];
    return sampleOf(first, depth + 1);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((a) => sampleOf(a, depth + 1)));
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items, depth + 1));
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleOf(v, depth + 1)]));
    default:
      if (schema.format === 'date-time') return '2026-11-23T02:00:00.000Z';
      if (schema.format === 'date') return '2026-11-23';
      return NUL_TEXT;
  }
}

beforeAll(async () => {
  h = await createHarness();
  await seedCity(h);
  doc = (await (await h.request('GET', '/api/openapi.json')).json()) as OpenApiDoc;
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

  it('refuses U+0000 in any field with a 400 naming it, never a 500 (PostgreSQL cannot store it)', async () => {
    const tokens = await Promise.all(
      ['admin', 'supervisor1', 'dispatcher1', 'agent1', 'clerk1'].map((u) => h.login(u)),
    );
    const failures: string[] = [];
    const refusedFields = new Set<string>();
    for (const [template, ops] of Object.entries(doc.paths)) {
      if (template.includes('/stream') || template.includes('/auth/logout')) continue;
      const path = template.replace(/\{[^}]+\}/g, '1');
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const query = (op.parameters ?? []).filter((p) => p.in === 'query' && !p.schema?.enum);
        if (!schema && query.length === 0) continue;
        const search = query.map((p) => `${encodeURIComponent(p.name)}=x%00y`).join('&');
        const url = search ? `${path}?${search}` : path;
        for (const token of tokens) {
          const res = await h.request(
            method.toUpperCase(),
            url,
            schema ? { token, body: sampleOf(schema) } : { token },
          );
          const body = (await res.json().catch(() => null)) as {
            error?: { code?: string; fields?: Array<{ path: string; message: string }> };
          } | null;
          const deliberate = res.status === 503 && body?.error?.code === 'unavailable';
          if (res.status >= 500 && !deliberate) failures.push(`${method.toUpperCase()} ${template} → ${res.status}`);
          for (const f of body?.error?.fields ?? []) {
            if (f.message.includes('U+0000')) refusedFields.add(`${method.toUpperCase()} ${template} ${f.path}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The check is reached on routes of every kind: bodies, list filters and search parameters.
    expect(refusedFields.size).toBeGreaterThan(40);
    expect([...refusedFields]).toEqual(
      expect.arrayContaining(['POST /api/supervision reason', 'PATCH /api/tickets/{id} content']),
    );

    // The same one by one, where nothing else is wrong: a citizen's complaint, a search, a list filter.
    const refused = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, { token: tokens[0], body });
      return { status: res.status, body: (await res.json()) as { error: { fields: Array<{ path: string }> } } };
    };
    const complaint = await refused('POST', '/api/public/complaints', {
      phone: '13800138000',
      content: '小区门口的路灯坏了很久\u0000没人修',
    });
    expect(complaint.status).toBe(400);
    expect(complaint.body.error.fields.map((f) => f.path)).toEqual(['content']);
    const search = await refused('GET', '/api/tickets?q=%E8%B7%AF%00');
    expect(search.status).toBe(400);
    expect(search.body.error.fields.map((f) => f.path)).toEqual(['q']);
    const filter = await refused('GET', `/api/tickets?filter=${encodeURIComponent('{"address":"幸福路\u0000"}')}`);
    expect(filter.status).toBe(400);
  });

  it('answers 400, not 500, to ids past the database integer range, on every route with an id', async () => {
    const tokens = await Promise.all(['admin', 'supervisor1', 'agent1', 'clerk1'].map((u) => h.login(u)));
    const failures: string[] = [];
    for (const [template, ops] of Object.entries(doc.paths)) {
      if (!template.includes('{') || template.includes('/stream')) continue;
      const path = template.replace(/\{[^}]+\}/g, '2147483648');
      for (const method of Object.keys(ops)) {
        for (const token of tokens) {
          const res = await h.request(method.toUpperCase(), path, method === 'get' ? { token } : { token, body: {} });
          if (res.status >= 500) failures.push(`${method.toUpperCase()} ${template} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);

    const res = await h.request('GET', '/api/tickets/2147483648', { token: tokens[0] });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'validation', fields: [{ path: 'id' }] });
    expect(error.fields[0].message).toContain('2147483647');

    const ticket = await h.request('POST', '/api/tickets/1/dispatch', {
      token: tokens[0],
      body: { unitId: 2147483648, coUnitIds: [1, 2147483648] },
    });
    expect(ticket.status).toBe(400);
    expect((await ticket.json()).error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'coUnitIds.1',
      'unitId',
    ]);
  });

  it('bounds every integer a client sends by PostgreSQL integer range, in the schema itself', () => {
    const unbounded: string[] = [];
    const walk = (schema: JsonSchema | undefined, where: string, depth = 0): void => {
      if (!schema || depth > 8) return;
      if (schema.$ref) {
        walk(deref(schema.$ref), where, depth + 1);
        return;
      }
      for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
        walk(alt, where, depth + 1);
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (types.includes('integer') && !(schema.maximum !== undefined && schema.maximum <= 2_147_483_647))
        unbounded.push(where);
      for (const [k, v] of Object.entries(schema.properties ?? {})) walk(v, `${where}.${k}`, depth + 1);
      walk(schema.items, `${where}[]`, depth + 1);
    };
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const at = `${method.toUpperCase()} ${template}`;
        walk(op.requestBody?.content?.['application/json']?.schema, `${at} body`);
        for (const p of op.parameters ?? []) walk(p.schema, `${at} ${p.in} ${p.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
