import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { QueueHub } from '../workers/queues.ts';
import { redisBus } from './bus.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Deps } from './deps.ts';
import { createLogger } from './logger.ts';
import { createRedisClient, isClusterUrl, type RedisConnection, redactUrl } from './redis.ts';

export class StartupError extends Error {}

export interface Runtime {
  deps: Deps;
  close(): Promise<void>;
}

/**
 * Connects to Redis (one node, or a cluster for `redis+cluster://host:port,host:port`) and fails fast with
 * one readable line instead of BullMQ's endless retries.
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<RedisConnection> {
  const cluster = isClusterUrl(url);
  let redis: RedisConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const client = createRedisClient(url, timeoutMs);
    redis = client;
    client.on('error', () => {
      // reported by connect() or by health checks; ioredis reconnects by itself
    });
    // A cluster node that accepts the connection but never answers would hold connect() forever.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs * 2);
    });
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
    return client;
  } catch (err) {
    redis?.disconnect();
    const shown = redactUrl(url);
    throw new StartupError(
      cluster
        ? `无法连接 Redis 集群（${shown}）：${(err as Error).message}。请检查集群节点或设置 REDIS_URL。 Cannot reach the Redis Cluster at ${shown}; check its nodes or set REDIS_URL.`
        : `无法连接 Redis（${shown}）：${(err as Error).message}。请启动 Redis 或设置 REDIS_URL。 Cannot reach Redis at ${shown}; start it or set REDIS_URL.`,
    );
  } finally {
    clearTimeout(timer);
  }
}

export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Skip migrations (they already ran, e.g. in the test harness). */
  skipMigrate?: boolean;
  poolSize?: number;
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const redis = await connectRedis(config.REDIS_URL);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    readUrl: config.DATABASE_READ_URL,
    pgliteDir: config.PGLITE_DIR,
    poolSize: opts.poolSize,
  });
  if (!opts.skipMigrate) await migrate(database);
  const bus = await redisBus(redis, `${config.QUEUE_PREFIX}:bus`);
  const queues = new QueueHub(redis, config.QUEUE_PREFIX);
  const deps: Deps = {
    config,
    database,
    db: database.db,
    readDb: database.readDb,
    clock: opts.clock ?? systemClock,
    logger,
    // A Cluster has the command surface every user of deps.redis needs (see the Deps note).
    redis,
    queues,
    bus,
  };
  return {
    deps,
    async close() {
      await queues.close();
      await bus.close();
      await redis.quit().catch(() => undefined);
      await database.close();
    },
  };
}
