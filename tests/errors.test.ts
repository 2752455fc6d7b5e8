import { Hono } from 'hono';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../api/env.ts';
import { onError } from '../api/errors.ts';

/**
 * The API's last line against bad input: a value that passed its schema but that PostgreSQL refuses is the
 * caller's mistake (400, naming where it was sent), not the server's (500). The schemas bound what they
 * can (api/lib/ids.ts), so this runs against a real server with statements that cast their input.
 */
const sql = postgres(process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1 });
afterAll(() => sql.end());

const app = new Hono<AppEnv>();
app.onError(onError);
app.get('/count/:n', async (c) => c.json(await sql`select ${c.req.param('n')}::int as n`));
app.post('/count', async (c) => {
  const body = (await c.req.json()) as { filter: { count: string } };
  return c.json(await sql`select ${body.filter.count}::int as n`);
});
app.get('/day', async (c) => c.json(await sql`select (${c.req.query('day') ?? ''}::text)::date as d`));
app.get('/broken', async (c) => c.json(await sql`select * from no_such_table_here`));

async function call(path: string, body?: unknown) {
  const res = await app.request(
    path,
    body === undefined
      ? {}
      : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  );
  return { status: res.status, error: ((await res.json()) as { error: Record<string, unknown> }).error };
}

describe('database errors caused by input', () => {
  it('answers 400 naming the path parameter that carried an out-of-range number', async () => {
    const r = await call('/count/2147483648');
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: 'validation', fields: [{ path: 'n', message: '数值超出范围' }] });
  });

  it('names a field inside the JSON body, and a query parameter', async () => {
    const body = await call('/count', { filter: { count: 'twelve' } });
    expect(body.status).toBe(400);
    expect(body.error).toMatchObject({ fields: [{ path: 'filter.count', message: '格式不正确' }] });

    const query = await call('/day?day=2026-02-30');
    expect(query.status).toBe(400);
    expect(query.error).toMatchObject({ fields: [{ path: 'day', message: '日期时间超出范围' }] });
  });

  it('still answers 500 to a database error no input can cause', async () => {
    const r = await call('/broken');
    expect(r.status).toBe(500);
    expect(r.error).toMatchObject({ code: 'internal' });
  });
});
