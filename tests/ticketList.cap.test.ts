import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTAL_CAP } from '../api/tickets/list.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

let h: Harness;
let agent: string;

beforeAll(async () => {
  h = await createHarness();
  await seedCity(h);
  agent = await h.login('agent1');
  const res = await h.request('POST', '/api/tickets', {
    token: agent,
    body: { type: 'help', content: '小区门口的路灯不亮了', address: '城东区幸福路1号' },
  });
  const { id } = (await res.json()) as { id: number };
  // More tickets than the list counts exactly: copies of that one, half of them closed.
  await h.deps.db.execute(sql`
    insert into tickets (ticket_no, channel, type, priority, status, title, content, address, contact_id,
                         confidential, query_code, search_text, created_at, updated_at)
    select '29990101' || lpad(g::text, 6, '0'), channel, type, priority,
           case when g % 2 = 0 then 'closed' else status end, title, content, address, contact_id, confidential,
           query_code, search_text, created_at, updated_at
      from tickets, generate_series(1, ${TOTAL_CAP + 10}) g
     where id = ${id}`);
}, 120_000);
afterAll(() => h.close());

describe('ticket list total over a large history', () => {
  it('counts exactly up to the cap and says so when there are more', async () => {
    const all = await h.request('GET', '/api/tickets?_start=0&_end=25', { token: agent });
    expect(all.status).toBe(200);
    expect(all.headers.get('x-total-count')).toBe(String(TOTAL_CAP));
    expect(all.headers.get('x-total-count-capped')).toBe('true');
    expect(all.headers.get('content-range')).toBe(`tickets 0-24/${TOTAL_CAP}`);
    expect(await all.json()).toHaveLength(25);

    // A filter narrow enough is counted exactly, with no cap header.
    const open = await h.request('GET', '/api/tickets?status=registered&_start=0&_end=25', { token: agent });
    expect(open.headers.get('x-total-count-capped')).toBeNull();
    expect(Number(open.headers.get('x-total-count'))).toBe(TOTAL_CAP / 2 + 5 + 1);
  });
});
