import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { RedisConnection } from './redis.ts';

/**
 * Live notifications to consoles (screen pops, queue refreshes). Across processes it rides Redis pub/sub
 * (on a Redis Cluster a PUBLISH reaches subscribers on every node); nothing durable travels here: the
 * database stays the truth and a missed message only delays a refresh.
 */
export interface BusMessage {
  topic: string;
  /** user:<id>, unit:<id>, role:<role> or "all"; consoles subscribe to theirs. */
  audience: string[];
  data: Record<string, unknown>;
}

export interface Bus {
  publish(msg: BusMessage): Promise<void>;
  subscribe(fn: (msg: BusMessage) => void): () => void;
  close(): Promise<void>;
}

/**
 * Live refreshes are best effort: the database is the truth, so a failed publish is logged and never fails
 * the work that caused it. Call after that work has committed.
 */
export function publishQuietly(
  deps: { bus: Bus; logger: { warn(obj: object, msg: string): void } },
  msg: BusMessage,
): Promise<void> {
  return deps.bus.publish(msg).catch((err: unknown) => deps.logger.warn({ err }, 'bus publish failed'));
}

export function memoryBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(msg) {
      emitter.emit('msg', msg);
    },
    subscribe(fn) {
      emitter.on('msg', fn);
      return () => emitter.off('msg', fn);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function redisBus(publisher: RedisConnection, channel: string): Promise<Bus> {
  const local = memoryBus();
  // Each PUBLISH starts with its bus's id and a newline: a process hands its own messages to its
  // subscribers itself, at once, and skips them when Redis echoes them back, unparsed (a batch of
  // announcements is kilobytes of JSON).
  const origin = `${randomUUID()}\n`;
  const subscriber = publisher.duplicate();
  await subscriber.subscribe(channel);
  subscriber.on('message', (_ch: string, raw: string) => {
    if (raw.startsWith(origin)) return;
    try {
      const parsed = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as BusMessage | BusMessage[];
      for (const msg of Array.isArray(parsed) ? parsed : [parsed]) void local.publish(msg);
    } catch {
      // A malformed message from another install sharing Redis is ignored, not fatal.
    }
  });
  // Messages published in one turn of the event loop (a group-commit batch announcing its tickets) travel
  // as one PUBLISH of an array: one Redis round trip and one parse per batch instead of one per ticket.
  let pending: Array<{ msg: BusMessage; done: (err?: unknown) => void }> = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    for (const b of batch) void local.publish(b.msg);
    const payload = JSON.stringify(batch.length === 1 ? batch[0]?.msg : batch.map((b) => b.msg));
    publisher.publish(channel, origin + payload).then(
      () => {
        for (const b of batch) b.done();
      },
      (err: unknown) => {
        for (const b of batch) b.done(err);
      },
    );
  };
  return {
    publish(msg) {
      return new Promise<void>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ msg, done: (err) => (err ? reject(err) : resolve()) });
      });
    },
    subscribe: local.subscribe,
    async close() {
      await subscriber.quit().catch(() => undefined);
      await local.close();
    },
  };
}
