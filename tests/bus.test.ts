import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type BusMessage, redisBus } from '../services/bus.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `huiyin_t_bus_${randomBytes(4).toString('hex')}:bus`;
const connections: Redis[] = [];
const connect = () => {
  const r = new Redis(url, { maxRetriesPerRequest: null });
  connections.push(r);
  return r;
};
afterAll(async () => {
  for (const r of connections) await r.quit();
});

const msg = (n: number): BusMessage => ({ topic: 'ticket.created', audience: ['role:agent'], data: { n } });

describe('redis bus', () => {
  it('delivers to another process every message, in order, whether published alone or in one turn', async () => {
    const a = await redisBus(connect(), channel);
    const b = await redisBus(connect(), channel);
    const got: number[] = [];
    const all = new Promise<void>((resolve) => {
      b.subscribe((m) => {
        got.push(Number(m.data.n));
        if (got.length === 6) resolve();
      });
    });
    await a.publish(msg(1));
    // Five in one turn of the event loop travel as one PUBLISH; each caller still hears when it went out.
    await Promise.all([2, 3, 4, 5, 6].map((n) => a.publish(msg(n))));
    await all;
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    await a.close();
    await b.close();
  });

  it("hands a process's own messages to its own subscribers once, without waiting for Redis", async () => {
    const a = await redisBus(connect(), channel);
    const b = await redisBus(connect(), channel);
    const mine: number[] = [];
    const theirs: number[] = [];
    a.subscribe((m) => mine.push(Number(m.data.n)));
    const arrived = new Promise<void>((resolve) =>
      b.subscribe((m) => theirs.push(Number(m.data.n)) === 2 && resolve()),
    );
    await Promise.all([8, 9].map((n) => a.publish(msg(n))));
    expect(mine).toEqual([8, 9]); // already, before Redis echoes them
    await arrived;
    await new Promise((r) => setTimeout(r, 100)); // Redis's echo of them has come back to a by now
    expect(mine).toEqual([8, 9]);
    expect(theirs).toEqual([8, 9]);
    await a.close();
    await b.close();
  });

  it('ignores a malformed message from another install on the channel', async () => {
    const b = await redisBus(connect(), channel);
    const got: BusMessage[] = [];
    b.subscribe((m) => got.push(m));
    await connect().publish(channel, 'not json');
    const a = await redisBus(connect(), channel);
    await a.publish(msg(7));
    await new Promise((r) => setTimeout(r, 100));
    expect(got.map((m) => m.data.n)).toEqual([7]);
    await a.close();
    await b.close();
  });
});
