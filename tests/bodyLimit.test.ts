import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../api/env.ts';
import { onError } from '../api/errors.ts';
import { bodyLimit } from '../api/lib/bodyLimit.ts';

// Over a real socket: the in-process app.request sends no Content-Length, so only a server shows both paths.
describe('body limit (header path and chunked path)', () => {
  let base = '';
  let server: ReturnType<typeof serve>;

  beforeAll(async () => {
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.use('*', bodyLimit(1024));
    app.post('/echo', async (c) => {
      const body = (await c.req.json()) as { text: string };
      return c.json({ length: body.text.length });
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  /** POST through node:http so the test decides between Content-Length and chunked transfer. */
  function post(body: string, chunked: boolean): Promise<{ status: number; json: { [k: string]: unknown } }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpRequest(`${base}/echo`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      });
      req.on('error', reject);
      if (chunked) {
        // Two writes without a declared length: node sends Transfer-Encoding: chunked.
        req.write(body.slice(0, 10));
        req.end(body.slice(10));
      } else req.end(body);
    });
  }

  it('reads a body under the limit, declared or chunked', async () => {
    const body = JSON.stringify({ text: '幸福路路灯坏了'.repeat(10) });
    for (const chunked of [false, true]) {
      const res = await post(body, chunked);
      expect(res.status).toBe(200);
      expect(res.json.length).toBe(70);
    }
  });

  it('refuses a declared length over the limit with 413 payload_too_large', async () => {
    const res = await post(JSON.stringify({ text: 'x'.repeat(2000) }), false);
    expect(res.status).toBe(413);
    expect((res.json.error as { code: string }).code).toBe('payload_too_large');
  });

  it('refuses a chunked body that grows over the limit with 413 payload_too_large', async () => {
    const res = await post(JSON.stringify({ text: 'x'.repeat(2000) }), true);
    expect(res.status).toBe(413);
    expect((res.json.error as { code: string }).code).toBe('payload_too_large');
  });
});
