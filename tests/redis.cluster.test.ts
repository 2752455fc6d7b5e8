import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { messages, slaClocks, slaTimerFirings } from '../db/schema/index.ts';
import type { ReferenceIds } from '../db/seed/reference.ts';
import type { BusMessage } from '../services/bus.ts';
import { closeMailTransports } from '../services/channels/mail.ts';
import { registerDispatchTimerHandlers } from '../services/dispatch/timerHandlers.ts';
import { createLogger } from '../services/logger.ts';
import { parseClusterUrl } from '../services/redis.ts';
import { connectRedis, createRuntime, type Runtime, StartupError } from '../services/runtime.ts';
import { startOutbox } from '../workers/outbox/index.ts';
import { bullPrefix } from '../workers/queues.ts';
import { startTimers } from '../workers/timers/index.ts';
import { agentTicket, seedDispatchCity, unitId } from './helpers/dispatch.ts';
import { type Peers, startPeers } from './helpers/followup.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { capturingLogger } from './helpers/logs.ts';
import { freePort } from './helpers/processes.ts';
import { spawnClusterNode } from './helpers/redisCluster.ts';
import { must } from './helpers/seed.ts';

/**
 * The app on a real three-master Redis Cluster started by this file (REDIS_URL=redis+cluster://…): the
 * runtime boots through connectRedis, a dispatch request queues its SLA timers and the citizen's SMS on the
 * cluster, the timers and outbox workers process them, the live bus carries the request's queue refresh to
 * another process's runtime, and health, readiness, metrics, rate limits and Bull Board work against it.
 */
const run = promisify(execFile);
const nodes: Array<{ port: number; proc: ChildProcess; output: string[] }> = [];
let dir: string;
let h: Harness;
let peers: Peers;
let ref: ReferenceIds;
let other: Runtime | undefined;
let unregister: () => void;
const stoppers: Array<() => Promise<void>> = [];
const lines: Array<Record<string, unknown>> = [];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch((err: Error) => {
      if (err.message.startsWith('redis-server exited')) throw err;
      return undefined;
    });
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cli = async (port: number, ...args: string[]) =>
  (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;

async function startRedisCluster(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'huiyin-rcluster-'));
  for (let i = 0; i < 3; i++) nodes.push(await spawnClusterNode(dir));
  for (const n of nodes) {
    await until(`redis-server on ${n.port}`, async () => {
      if (n.proc.exitCode !== null) throw new Error(`redis-server exited: ${n.output.slice(-5).join(' | ')}`);
      return (await cli(n.port, 'ping')).includes('PONG');
    });
  }
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((n) => `127.0.0.1:${n.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (const n of nodes) {
    await until(`cluster_state:ok on ${n.port}`, async () =>
      (await cli(n.port, 'cluster', 'info')).includes('cluster_state:ok'),
    );
  }
  // Two seeds are enough: the client discovers the third master from the cluster's slot map.
  return `redis+cluster://127.0.0.1:${nodes[0]?.port},127.0.0.1:${nodes[1]?.port}`;
}

beforeAll(async () => {
  const redisUrl = await startRedisCluster();
  peers = await startPeers();
  h = await createHarness({ env: { ...peers.env, REDIS_URL: redisUrl }, now: '2026-11-23T02:00:00Z' });
  ref = await seedDispatchCity(h);
  unregister = registerDispatchTimerHandlers();
  h.deps.logger = capturingLogger(lines);
}, 60_000);

afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop();
  unregister?.();
  await other?.close();
  closeMailTransports();
  await h?.close();
  await peers?.close();
  for (const n of nodes) {
    n.proc.kill('SIGTERM');
    if (n.proc.exitCode === null && n.proc.signalCode === null) await new Promise((r) => n.proc.once('exit', r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Every key of this installation, read from every master (KEYS on a Cluster reaches one random node). */
async function installationKeys(redis: Cluster, pattern = '*'): Promise<Array<{ port: number; key: string }>> {
  const out: Array<{ port: number; key: string }> = [];
  for (const node of redis.nodes('master')) {
    for (const key of await node.keys(`${bullPrefix(h.prefix)}${pattern}`))
      out.push({ port: node.options.port ?? 0, key });
  }
  return out;
}

function clusterOf(): Cluster {
  const redis: unknown = h.deps.redis;
  if (!(redis instanceof Cluster)) throw new Error('the runtime is not on the cluster');
  return redis;
}

describe('REDIS_URL redis+cluster://', () => {
  it('parses seed nodes, credentials and TLS, and refuses what is not a node list', () => {
    expect(parseClusterUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7001,redis-3')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'redis-3', port: 6379 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    });
    expect(parseClusterUrl('rediss+cluster://huiyin:p%40ss@[::1]:7000/')).toMatchObject({
      nodes: [{ host: '::1', port: 7000 }],
      username: 'huiyin',
      password: 'p@ss',
      tls: true,
    });
    expect(() => parseClusterUrl('redis+cluster://')).toThrow(/redis\+cluster/);
    expect(() => parseClusterUrl('redis+cluster://a:1,b:x')).toThrow(/"b:x"/);
  });

  it('fails at start-up with one readable line when no seed node answers (password not shown)', async () => {
    const port = await freePort();
    const err = await connectRedis(`redis+cluster://u:secret@127.0.0.1:${port}`, 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/Redis Cluster at redis\+cluster:\/\/u:\*\*\*@127\.0\.0\.1/);
    expect((err as Error).message).not.toContain('secret');
  });

  it('boots the runtime on the three masters; health, readiness and metrics see Redis up', async () => {
    const redis = clusterOf();
    expect(
      redis
        .nodes('master')
        .map((n) => n.options.port)
        .sort(),
    ).toEqual(nodes.map((n) => n.port).sort());
    const health = await h.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ redis: 'up', db: 'up' });
    const ready = await h.request('GET', '/api/ready');
    expect(ready.status).toBe(200);
    const metrics = await (await h.request('GET', '/metrics')).text();
    expect(metrics).toContain('huiyin_dependency_up{dependency="redis"} 1');
    expect(metrics).toMatch(/huiyin_queue_jobs\{queue="timers",state="delayed"\} \d+/);
  });
});

describe('a dispatch on the cluster: timers, outbox and the bus', () => {
  it('queues the SLA timers and the SMS, sends the SMS, fires the timers, and refreshes another process', async () => {
    const timersUp = lines.length;
    stoppers.push(await startTimers(h.deps, { startupDelayMs: 0, reconcileIntervalMs: 0, concurrency: 2 }));
    stoppers.push(await startOutbox(h.deps, { sweepIntervalMs: 0 }));
    // The start-up sweep runs before the clock moves, so that every firing below is the job's.
    await until('start-up reconcile', async () => lines.slice(timersUp).some((l) => l.msg === 'timers reconciled'));

    // Another process on the same cluster and prefix, listening to the live bus.
    const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = h.deps.config;
    other = await createRuntime(loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'test' }), {
      skipMigrate: true,
      poolSize: 1,
      logger: createLogger('silent'),
    });
    const heard: BusMessage[] = [];
    other.deps.bus.subscribe((m) => heard.push(m));

    const agent = await h.login('agent1');
    const dispatcher = await h.login('dispatcher1');
    const t = await agentTicket(h, agent, { phone: '13900001111' });
    const res = await h.request('POST', `/api/tickets/${t.id}/dispatch`, {
      token: dispatcher,
      headers: { 'X-Request-Id': 'req-on-cluster' },
      body: { unitId: unitId(ref, 'CGJ') },
    });
    expect(res.status).toBe(201);

    // The live bus: the dispatch's queue refresh reached the other runtime through the cluster.
    const refresh = await until('bus message in the other process', async () =>
      heard.find((m) => m.topic === 'dispatch.queue' && m.data.ticketId === t.id),
    );
    expect(refresh.audience).toContain('role:dispatcher');

    // The SMS: LISTEN → outbox queue on the cluster → the outbox worker → Twilio.
    await peers.twilio.waitFor(1);
    expect(peers.twilio.bodiesTo('+8613900001111')).toHaveLength(1);
    await until('the SMS recorded as sent', async () => {
      const [sms] = await h.deps.db
        .select()
        .from(messages)
        .where(and(eq(messages.ticketId, t.id), eq(messages.template, 'ticket.dispatched')));
      return sms?.status === 'sent';
    });

    // The timers: delayed jobs on the cluster, stamped with the request id; the deadline passes and the
    // worker fires them.
    const [clock] = await h.deps.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.ticketId, t.id), eq(slaClocks.kind, 'sign')));
    const timers = h.deps.queues.queue('timers');
    const delayed = (await timers.getDelayed()).filter((j) => j.id?.startsWith(`clk-${clock?.id}-`));
    expect(delayed.length).toBeGreaterThan(0);
    for (const j of delayed) expect(j.data.requestId).toBe('req-on-cluster');
    h.clock.set(new Date(must(clock?.dueAt).getTime() + 60_000));
    for (const j of delayed) await j.promote();
    const firing = await until('breach fired by the job', async () => {
      const [f] = await h.deps.db
        .select()
        .from(slaTimerFirings)
        .where(and(eq(slaTimerFirings.clockId, must(clock).id), eq(slaTimerFirings.event, 'breach')));
      return f;
    });
    expect(firing.via).toBe('job');
    const logged = await until('timer job log line', async () =>
      lines.find((l) => l.msg === 'timer job' && l.clockId === clock?.id && l.outcome === 'fired'),
    );
    expect(logged.requestId).toBe('req-on-cluster');

    // Every key the installation made lives in the slot of its hash tag, on one master.
    const keys = await installationKeys(clusterOf());
    expect(keys.some((k) => k.key.includes(':timers:'))).toBe(true);
    expect(keys.some((k) => k.key.includes(':outbox:'))).toBe(true);
    expect(new Set(keys.map((k) => k.port)).size).toBe(1);
  });
});

describe('the rest of what uses Redis, on the cluster', () => {
  it('counts public lookups in Redis and serves Bull Board', async () => {
    const lookup = await h.request('GET', '/api/public/tickets/20261123000001?code=000000', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(lookup.status).toBeLessThan(500);
    const rl = await installationKeys(clusterOf(), ':rl:lookup-ip:*');
    expect(rl.map((k) => k.key)).toEqual([`${bullPrefix(h.prefix)}:rl:lookup-ip:203.0.113.9`]);

    const admin = await h.login('admin');
    const queues = await h.request('GET', '/api/admin/queues/api/queues', { token: admin });
    expect(queues.status).toBe(200);
    const names = ((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['kpi', 'maintenance', 'outbox', 'timers']);
    const stats = await h.request('GET', '/api/admin/queues/api/redis/stats', { token: admin });
    expect(stats.status).toBe(200);
  });
});
