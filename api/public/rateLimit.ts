import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter, type Store } from 'hono-rate-limiter';
import { normalizePhone } from '../../domain/phone.ts';
import type { Deps } from '../../services/deps.ts';
import type { RedisConnection } from '../../services/redis.ts';
import { bullPrefix } from '../../workers/queues.ts';
import type { AppEnv } from '../env.ts';

/** Limits of the citizen-facing endpoints (per window). */
export const PUBLIC_LIMITS = {
  complaintsPerIp: { limit: 20, windowMs: 10 * 60_000 },
  complaintsPerPhone: { limit: 5, windowMs: 60 * 60_000 },
  lookupsPerIp: { limit: 60, windowMs: 60_000 },
};

/**
 * Fixed-window counters in Redis, so every API process shares one count. If Redis is unreachable the
 * limiter fails open: refusing citizens because a counter is down would be worse than a burst.
 */
class RedisStore implements Store<AppEnv> {
  private windowMs = 60_000;
  constructor(
    private readonly redis: RedisConnection,
    readonly prefix: string,
    private readonly onError: (err: unknown) => void,
  ) {}
  init(options: { windowMs: number }) {
    this.windowMs = options.windowMs;
  }
  async increment(key: string) {
    const k = this.prefix + key;
    try {
      const res = await this.redis.multi().set(k, '0', 'PX', this.windowMs, 'NX').incr(k).pttl(k).exec();
      const hits = Number(res?.[1]?.[1] ?? 0);
      const ttl = Number(res?.[2]?.[1] ?? this.windowMs);
      return { totalHits: hits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
    } catch (err) {
      this.onError(err);
      return { totalHits: 0, resetTime: new Date(Date.now() + this.windowMs) };
    }
  }
  async decrement(key: string) {
    await this.redis.decr(this.prefix + key).catch(this.onError);
  }
  async resetKey(key: string) {
    await this.redis.del(this.prefix + key).catch(this.onError);
  }
}

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|fc|fd)/;

/**
 * The client's address. X-Forwarded-For is believed only when the socket peer is a local or private proxy
 * (or there is no socket, as in-process tests): a citizen talking to us directly cannot fake it.
 */
export function clientIp(c: Context<AppEnv>): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded && (!peer || PRIVATE.test(peer))) return forwarded;
  return peer ?? 'unknown';
}

function tooMany(c: Context<AppEnv>, what: string) {
  return c.json(
    {
      error: {
        code: 'rate_limited',
        message: `${what}过于频繁，请稍后再试（Retry-After 秒后）`,
        requestId: c.get('requestId'),
      },
    },
    429,
  );
}

interface Limiters {
  complaintIp: MiddlewareHandler<AppEnv>;
  complaintPhone: MiddlewareHandler<AppEnv>;
  lookupIp: MiddlewareHandler<AppEnv>;
}

const cache = new WeakMap<Deps, Limiters>();

function limitersFor(deps: Deps): Limiters {
  let l = cache.get(deps);
  if (l) return l;
  const store = (name: string) =>
    new RedisStore(deps.redis, `${bullPrefix(deps.config.QUEUE_PREFIX)}:rl:${name}:`, (err) =>
      deps.logger.warn({ err }, 'rate limit store unavailable; allowing the request'),
    );
  const skip = () => deps.config.rateLimitDisabled;
  l = {
    complaintIp: rateLimiter<AppEnv>({
      ...PUBLIC_LIMITS.complaintsPerIp,
      store: store('complaint-ip'),
      keyGenerator: clientIp,
      skip,
      handler: (c) => tooMany(c, '提交'),
    }),
    complaintPhone: rateLimiter<AppEnv>({
      ...PUBLIC_LIMITS.complaintsPerPhone,
      store: store('complaint-phone'),
      // Malformed bodies are left to validation (400), counted only by the per-IP limit.
      skip: async (c) => skip() || (await phoneKey(c)) === null,
      keyGenerator: async (c) => (await phoneKey(c)) ?? '',
      handler: (c) => tooMany(c, '该手机号提交'),
    }),
    lookupIp: rateLimiter<AppEnv>({
      ...PUBLIC_LIMITS.lookupsPerIp,
      store: store('lookup-ip'),
      keyGenerator: clientIp,
      skip,
      handler: (c) => tooMany(c, '查询'),
    }),
  };
  cache.set(deps, l);
  return l;
}

async function phoneKey(c: Context<AppEnv>): Promise<string | null> {
  const body = (await c.req.json().catch(() => null)) as { phone?: unknown } | null;
  if (!body || typeof body.phone !== 'string') return null;
  return normalizePhone(body.phone);
}

export const limitComplaintsByIp: MiddlewareHandler<AppEnv> = (c, next) =>
  limitersFor(c.get('deps')).complaintIp(c, next);
export const limitComplaintsByPhone: MiddlewareHandler<AppEnv> = (c, next) =>
  limitersFor(c.get('deps')).complaintPhone(c, next);
export const limitLookupsByIp: MiddlewareHandler<AppEnv> = (c, next) => limitersFor(c.get('deps')).lookupIp(c, next);
