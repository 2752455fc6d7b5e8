import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { QueueHub } from '../workers/queues.ts';
import type { Bus } from './bus.ts';
import type { Clock } from './clock.ts';

/** Everything a handler or processor needs, set once; tests swap the clock, the senders and the peers. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  readDb: Db;
  clock: Clock;
  logger: Logger;
  redis: Redis;
  queues: QueueHub;
  bus: Bus;
}
