import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { QueueHub } from '../workers/queues.ts';
import { redisBus } from './bus.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Deps } from './deps.ts';
import { createLogger } from './logger.ts';

export class StartupError extends Error {}

export interface Runtime {
  deps: Deps;
  close(): Promise<void>;
}

/** Connects to Redis and fails fast with one readable line instead of BullMQ's endless retries. */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs });
  redis.on('error', () => {
    // reported by connect() or by health checks; ioredis reconnects by itself
  });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new StartupError(
      `无法连接 Redis（${url}）：${(err as Error).message}。请启动 Redis 或设置 REDIS_URL。 Cannot reach Redis at ${url}; start it or set REDIS_URL.`,
    );
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
