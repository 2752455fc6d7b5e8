import { Cluster, type ClusterNode, Redis } from 'ioredis';
import { bullPrefix } from '../workers/queues.ts';

/**
 * What Huiyin holds for Redis: one node (`redis://…`) or a Redis Cluster (`redis+cluster://…`). BullMQ,
 * pub/sub and every keyed command work on both; all keys of an installation share the hash tag
 * `{QUEUE_PREFIX}`, so on a cluster they live in one slot (workers/queues.ts bullPrefix).
 */
export type RedisConnection = Redis | Cluster;

export const CLUSTER_SCHEMES = ['redis+cluster:', 'rediss+cluster:'] as const;

export interface ClusterUrl {
  nodes: ClusterNode[];
  username?: string;
  password?: string;
  tls: boolean;
}

export function isClusterUrl(url: string): boolean {
  return CLUSTER_SCHEMES.some((s) => url.toLowerCase().startsWith(`${s}//`));
}

/**
 * `redis+cluster://[user:password@]host:port,host:port[,…]` (or `rediss+cluster://` for TLS): the seed
 * nodes of a cluster; ioredis discovers the others. A node without a port means 6379.
 */
export function parseClusterUrl(url: string): ClusterUrl {
  const m = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#]+)\/?$/i.exec(url.trim());
  if (!m) throw new Error(`REDIS_URL ${redactUrl(url)} is not redis+cluster://host:port,host:port`);
  const [, scheme = 'redis', auth, hosts = ''] = m;
  const nodes = hosts.split(',').map((h) => {
    const hp = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(h.trim());
    if (!hp?.[1]) throw new Error(`REDIS_URL ${redactUrl(url)}: "${h}" is not host:port`);
    return { host: hp[1].replace(/^\[|\]$/g, ''), port: hp[2] ? Number(hp[2]) : 6379 };
  });
  let username: string | undefined;
  let password: string | undefined;
  if (auth) {
    const i = auth.indexOf(':');
    username = decodeURIComponent(i < 0 ? auth : auth.slice(0, i)) || undefined;
    password = i < 0 ? undefined : decodeURIComponent(auth.slice(i + 1)) || undefined;
  }
  return { nodes, username, password, tls: scheme.toLowerCase() === 'rediss' };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * The client for REDIS_URL, not connected yet (lazyConnect). BullMQ requires `maxRetriesPerRequest: null`
 * (its blocking workers would otherwise give up); on a cluster that goes in `redisOptions`, and duplicates
 * (workers, the bus subscriber) inherit it.
 */
export function createRedisClient(url: string, connectTimeoutMs: number): RedisConnection {
  if (!isClusterUrl(url)) {
    return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: connectTimeoutMs });
  }
  const c = parseClusterUrl(url);
  return new Cluster(c.nodes, {
    lazyConnect: true,
    redisOptions: {
      maxRetriesPerRequest: null,
      connectTimeout: connectTimeoutMs,
      username: c.username,
      password: c.password,
      ...(c.tls ? { tls: {} } : {}),
    },
  });
}

/**
 * A probe for health checks. One node: PING. A cluster answers PING on any node even while the shard
 * holding this installation's slot is down, so there a keyed read goes to that shard (an error such as
 * CLUSTERDOWN means down).
 */
export async function pingRedis(redis: RedisConnection, queuePrefix: string): Promise<void> {
  if (redis instanceof Cluster) await redis.exists(`${bullPrefix(queuePrefix)}:ping`);
  else await redis.ping();
}
