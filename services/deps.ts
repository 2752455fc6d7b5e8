import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { QueueHub } from '../workers/queues.ts';
import type { Bus } from './bus.ts';
import type { Clock } from './clock.ts';
import type { RedisConnection } from './redis.ts';

/** Everything a handler or processor needs, set once; tests swap the clock, the senders and the peers. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  readDb: Db;
  clock: Clock;
  logger: Logger;
  /**
   * One node, or a Redis Cluster when REDIS_URL is redis+cluster://… (then an ioredis Cluster: keyless
   * commands such as KEYS or SCAN reach one random node; use commands on keys under bullPrefix, and
   * services/redis.ts pingRedis for probes).
   */
  redis: RedisConnection;
  queues: QueueHub;
  bus: Bus;
}
