import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { yieldToIo } from '../api/lib/yieldToIo.ts';

function appRecording(order: string[]) {
  const app = new Hono();
  app.use('*', yieldToIo);
  app.on(['GET', 'POST', 'PATCH'], '/x', (c) => {
    order.push(`handler ${c.req.method}`);
    return c.json({ ok: true });
  });
  return app;
}

describe('yieldToIo', () => {
  it('starts a write request’s handler only after the callbacks already queued on the loop', async () => {
    for (const method of ['POST', 'PATCH']) {
      const order: string[] = [];
      const app = appRecording(order);
      setImmediate(() => order.push('queued before'));
      const res = await app.request('/x', { method });
      expect(res.status).toBe(200);
      expect(order).toEqual(['queued before', `handler ${method}`]);
    }
  });

  it('lets reads through at once', async () => {
    const order: string[] = [];
    const app = appRecording(order);
    setImmediate(() => order.push('queued before'));
    const res = await app.request('/x');
    expect(res.status).toBe(200);
    expect(order[0]).toBe('handler GET');
  });
});
