import { Writable } from 'node:stream';
import type { Job } from 'bullmq';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { queryRows } from '../db/rows.ts';
import { messages } from '../db/schema/index.ts';
import { clearStatsCache } from '../services/metrics.ts';
import {
  contextLogger,
  currentRequestId,
  jobData,
  requestIdMixin,
  runWithRequestId,
  withRequestContext,
} from '../services/requestContext.ts';
import { startClock } from '../services/sla/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { seedCity } from './helpers/seed.ts';

let h: Harness;
let agent: string;

beforeAll(async () => {
  h = await createHarness({ now: '2026-11-23T02:00:00Z' });
  await seedCity(h);
  agent = await h.login('agent1');
});
afterAll(() => h.close());

/** Parses Prometheus text into "name{labels}" → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

async function scrape(): Promise<Map<string, number>> {
  // System gauges are cached for a few seconds per process; a test changes the database between scrapes.
  clearStatsCache(h.deps);
  const res = await h.request('GET', '/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await res.text());
}

describe('GET /metrics', () => {
  it('reports intake, HTTP latency by route pattern, queues, deliveries and dependencies', async () => {
    for (const channel of ['phone', 'phone', 'window']) {
      const res = await h.request('POST', '/api/tickets', {
        token: agent,
        body: { type: 'help', channel, content: '小区路灯不亮', phone: '13800138000' },
      });
      expect(res.status).toBe(201);
    }
    expect((await h.request('POST', '/api/tickets', { token: agent, body: {} })).status).toBe(400);
    const [first] = await queryRows<{ id: number }>(h.deps.db, sql`select id from tickets order by id limit 1`);
    expect((await h.request('GET', `/api/tickets/${first?.id}`, { token: agent })).status).toBe(200);
    await h.deps.db.insert(messages).values([
      {
        channel: 'sms',
        direction: 'out',
        toAddr: '+8613800138000',
        body: 'a',
        status: 'sent',
        sentAt: new Date('2026-11-23T01:30:00Z'),
      },
      {
        channel: 'sms',
        direction: 'out',
        toAddr: '+8613800138000',
        body: 'old',
        status: 'delivered',
        sentAt: new Date('2026-11-22T01:30:00Z'),
      },
      { channel: 'sms', direction: 'out', toAddr: '+8613800138000', body: 'b', status: 'failed' },
      {
        channel: 'email',
        direction: 'out',
        toAddr: 'a@b.cn',
        body: 'c',
        status: 'queued',
        createdAt: new Date('2026-11-23T01:50:00Z'),
      },
    ]);
    await h.deps.queues.queue('outbox').add('probe', { n: 1 }, { jobId: 'ops-probe-wait' });

    const m = await scrape();
    expect(m.get('huiyin_tickets_created_total{channel="phone"}')).toBeGreaterThanOrEqual(2);
    expect(m.get('huiyin_tickets_created_total{channel="window"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('huiyin_tickets_created_today{channel="phone"}')).toBe(2);
    expect(m.get('huiyin_tickets_created_today{channel="window"}')).toBe(1);
    // Route patterns, not raw paths: one series for every ticket id.
    expect(
      m.get('huiyin_http_request_duration_seconds_count{method="POST",route="/api/tickets",status="201"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      m.get('huiyin_http_request_duration_seconds_count{method="POST",route="/api/tickets",status="400"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      m.get('huiyin_http_request_duration_seconds_count{method="GET",route="/api/tickets/:id",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect([...m.keys()].some((k) => k.includes(`/api/tickets/${first?.id}"`))).toBe(false);
    expect(m.get('huiyin_queue_jobs{queue="outbox",state="waiting"}')).toBe(1);
    expect(m.get('huiyin_queue_jobs{queue="timers",state="delayed"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('huiyin_queue_oldest_waiting_seconds{queue="outbox"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('huiyin_messages_sent_last_hour{channel="sms"}')).toBe(1);
    expect(m.get('huiyin_messages_out{channel="sms",status="failed"}')).toBe(1);
    expect(m.get('huiyin_outbox_oldest_queued_seconds')).toBe(600);
    expect(m.get('huiyin_dependency_up{dependency="postgres"}')).toBe(1);
    expect(m.get('huiyin_dependency_up{dependency="redis"}')).toBe(1);
    expect([...m.keys()].some((k) => k.startsWith('huiyin_timer_lag_seconds'))).toBe(true);
    expect(m.has('huiyin_process_cpu_user_seconds_total')).toBe(true);
  });

  it('labels unknown paths as unmatched so scanners cannot blow up the series count', async () => {
    expect((await h.request('GET', '/wp-admin/x.php')).status).toBe(404);
    const m = await scrape();
    expect([...m.keys()].some((k) => k.includes('wp-admin'))).toBe(false);
    expect(m.get('huiyin_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
  });
});

describe('timer lag', () => {
  it('reports how late the most overdue unfired SLA timer is, from the clocks in the database', async () => {
    const [t] = await queryRows<{ id: number }>(h.deps.db, sql`select id from tickets order by id limit 1`);
    if (!t) throw new Error('no ticket');
    const start = h.clock.now();
    await h.deps.db.transaction((tx) =>
      startClock(tx, h.deps, {
        ticketId: t.id,
        kind: 'handle',
        startAt: start,
        limit: { minutes: 10, elapsed: true },
        warnPercent: 50,
      }),
    );
    let m = await scrape();
    expect(m.get('huiyin_timers_overdue{source="db"}')).toBe(0);
    // No worker runs in this process: 12 minutes on, warning (at 5) and breach (at 10) are both unfired.
    h.clock.advance(12 * 60_000);
    try {
      m = await scrape();
      expect(m.get('huiyin_timers_overdue{source="db"}')).toBe(2);
      expect(m.get('huiyin_timer_lag_seconds{source="db"}')).toBe(7 * 60);
    } finally {
      h.clock.advance(-12 * 60_000);
    }
  });
});

describe('GET /api/ready', () => {
  it('is ready when the database, Redis and every migration are there; liveness stays separate', async () => {
    const res = await h.request('GET', '/api/ready');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ready', db: 'up', redis: 'up' });
    expect(body.migrations.pending).toEqual([]);
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect((await h.request('GET', '/api/health')).status).toBe(200);
  });

  it('is not ready while a shipped migration is missing from the database', async () => {
    const [last] = await queryRows<{ id: number; hash: string; created_at: string }>(
      h.deps.db,
      sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    if (!last) throw new Error('no migrations recorded');
    await h.deps.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last.id}`);
    try {
      const res = await h.request('GET', '/api/ready');
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe('not_ready');
      expect(body.migrations.pending).toHaveLength(1);
      // Liveness does not care: the process is alive, only not ready for traffic.
      expect((await h.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await h.deps.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last.id}, ${last.hash}, ${last.created_at})`,
      );
    }
  });
});

describe('request id from the HTTP request into jobs and logs', () => {
  it('carries the X-Request-Id into the created event, a queued job, the processor and its log lines', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const logger = pino({ mixin: requestIdMixin }, sink);
    const queue = h.deps.queues.queue('maintenance');
    // A route below the ops middleware that queues a job the way a producer should.
    const app = createApp(h.deps);
    app.get('/ops-test/enqueue', async (c) => {
      await queue.add('ctx-probe', jobData({ what: 'probe' }), { jobId: 'ctx-probe-1' });
      return c.json({ inHandler: currentRequestId() });
    });
    const res = await app.request('/ops-test/enqueue', { headers: { 'X-Request-Id': 'req-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(await res.json()).toEqual({ inHandler: 'req-abc-123' });

    const seen = new Promise<{ inJob: string | undefined; chained: unknown }>((resolve) => {
      h.deps.queues.worker(
        'maintenance',
        withRequestContext(async (job: Job) => {
          if (job.name !== 'ctx-probe') return;
          contextLogger(h.deps.logger).info('silent logger keeps working');
          logger.info({ jobId: job.id }, 'processing');
          resolve({ inJob: currentRequestId(), chained: jobData({ next: true }).requestId });
        }),
      );
    });
    const got = await seen;
    expect(got).toEqual({ inJob: 'req-abc-123', chained: 'req-abc-123' });
    expect(lines.find((l) => l.msg === 'processing')?.requestId).toBe('req-abc-123');

    const created = await h.request('POST', '/api/tickets', {
      token: agent,
      headers: { 'X-Request-Id': 'req-ticket-9' },
      body: { type: 'help', content: '井盖缺失' },
    });
    const ticket = await created.json();
    const [ev] = await queryRows<{ request_id: string }>(
      h.deps.db,
      sql`select request_id from ticket_events where ticket_id = ${ticket.id} and action = 'ticket.created'`,
    );
    expect(ev?.request_id).toBe('req-ticket-9');
  });

  it('gives jobs from sweeps (no request) an id of their own and leaves payloads alone outside a context', () => {
    expect(jobData({ a: 1 })).toEqual({ a: 1 });
    expect(runWithRequestId('r-1', () => jobData({ a: 1 }))).toEqual({ a: 1, requestId: 'r-1' });
    expect(runWithRequestId('r-1', () => jobData({ a: 1, requestId: 'r-0' }))).toEqual({ a: 1, requestId: 'r-0' });
    const fake = { data: { a: 1 }, queueName: 'timers', id: 'sla-7-123' } as unknown as Job;
    return withRequestContext(async () => currentRequestId())(fake).then((id) => {
      expect(id).toBe('job-timers-sla-7-123');
    });
  });
});
