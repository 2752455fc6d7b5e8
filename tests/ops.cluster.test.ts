import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowProducer, type Job, Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix, QUEUE_NAMES, QueueHub } from '../workers/queues.ts';
import { spawnClusterNode } from './helpers/redisCluster.ts';

/**
 * Redis Cluster refuses a command or script whose keys lie in different slots (CROSSSLOT), and BullMQ's
 * scripts touch many keys of a queue at once. QueueHub wraps the prefix in a hash tag so they share one slot.
 * Checked two ways: with the CRC16 slot function computed here, and for real against a one-node Redis
 * Cluster started for this file (all 16384 slots on one node still enforces the same-slot rule).
 */

/** CRC16-CCITT (XMODEM), the checksum Redis Cluster uses: slot = crc16(hashtag or key) mod 16384. */
function crc16(buf: Buffer): number {
  let crc = 0;
  for (const byte of buf) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    // Only a non-empty {...} is a hash tag; "{}" hashes the whole key.
    if (close > open + 1) return crc16(Buffer.from(key.slice(open + 1, close))) % 16384;
  }
  return crc16(Buffer.from(key)) % 16384;
}

let server: ChildProcess | undefined;
let dir: string;
let port: number;
let cluster: Cluster;

async function waitFor(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huiyin-cluster-'));
  const node = await spawnClusterNode(dir, ['--cluster-announce-ip', '127.0.0.1']);
  server = node.proc;
  port = node.port;
  // ioredis retries the connection by itself until the server listens.
  const admin = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
  admin.on('error', () => undefined);
  await waitFor(async () => (await admin.ping()) === 'PONG');
  await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  await waitFor(async () => String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'));
  admin.disconnect();
  cluster = new Cluster([{ host: '127.0.0.1', port }], { redisOptions: { maxRetriesPerRequest: null } });
  await waitFor(async () => (await cluster.ping()) === 'PONG');
});

afterAll(async () => {
  await cluster?.quit().catch(() => undefined);
  server?.kill('SIGTERM');
  if (server && server.exitCode === null) await new Promise((r) => server?.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
});

describe('CRC16 key slots', () => {
  it('matches the reference values of the Redis Cluster specification and the server', async () => {
    // "123456789" → 0x31C3 is the CRC16/XMODEM check value quoted by the cluster spec.
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
    for (const key of ['foo', '{huiyin}:timers:wait', 'a{b}c', '{}x', 'user:{1000}:profile', '汉字']) {
      expect(keySlot(key)).toBe(Number(await cluster.call('CLUSTER', 'KEYSLOT', key)));
    }
  });
});

describe('QueueHub on Redis Cluster', () => {
  it('puts every key BullMQ creates for every queue in one slot, and jobs run without CROSSSLOT', async () => {
    const prefix = 'huiyin_t_cluster';
    const hub = new QueueHub(cluster, prefix);
    const processed: string[] = [];
    const done = new Promise<void>((resolve) => {
      for (const name of QUEUE_NAMES) {
        hub.worker(
          name,
          async (job: Job) => {
            processed.push(`${name}:${job.name}`);
            if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('first attempt fails');
            if (processed.length >= QUEUE_NAMES.length * 4 + 1) resolve();
          },
          { concurrency: 2 },
        );
      }
    });
    for (const name of QUEUE_NAMES) {
      const q = hub.queue(name);
      await q.add('plain', { n: 1 }, { jobId: `${name}-plain` });
      await q.add('delayed', { n: 2 }, { delay: 50 });
      await q.add('urgent', { n: 3 }, { priority: 1 });
      await q.add('flaky', { n: 4 }, { attempts: 2, backoff: { type: 'fixed', delay: 20 } });
      await q.upsertJobScheduler(`${name}-sweep`, { every: 60_000 }, { name: 'sweep', data: {} });
    }
    const flow = new FlowProducer({ connection: cluster, prefix: bullPrefix(prefix) });
    await flow.add({
      name: 'parent',
      queueName: 'maintenance',
      children: [{ name: 'child', queueName: 'maintenance', data: {} }],
    });
    await done;

    const keys: string[] = [];
    for (const node of cluster.nodes('master')) keys.push(...(await node.keys(`*${prefix}*`)));
    expect(keys.length).toBeGreaterThan(20);
    const slots = new Set(keys.map(keySlot));
    expect(slots).toEqual(new Set([keySlot(`{${prefix}}`)]));
    for (const key of keys.slice(0, 10))
      expect(Number(await cluster.call('CLUSTER', 'KEYSLOT', key))).toBe(keySlot(key));
    // Every queue's own key family is there (wait/delayed/prioritized/meta/events…).
    for (const name of QUEUE_NAMES) expect(keys.some((k) => k.startsWith(`{${prefix}}:${name}:`))).toBe(true);

    await flow.close();
    await hub.close();
    for (const node of cluster.nodes('master')) {
      const mine = await node.keys(`*${prefix}*`);
      if (mine.length) await node.del(...mine);
    }
  });

  it('would fail without the hash tag: BullMQ then gets CROSSSLOT from the cluster', async () => {
    const q = new Queue('timers', { connection: cluster, prefix: 'huiyin_t_untagged' });
    await expect(q.add('x', {})).rejects.toThrow(/CROSSSLOT|same slot/i);
    await q.close();
  });

  it('scatters untagged keys over many slots (what the hash tag prevents)', () => {
    const untagged = ['wait', 'active', 'delayed', 'prioritized', 'meta', 'events', 'id', 'marker'].map(
      (k) => `huiyin:timers:${k}`,
    );
    expect(new Set(untagged.map(keySlot)).size).toBeGreaterThan(1);
    expect(bullPrefix('huiyin')).toBe('{huiyin}');
    expect(bullPrefix('{already}')).toBe('{already}');
  });
});
