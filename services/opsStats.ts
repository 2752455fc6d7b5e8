import { sql } from 'drizzle-orm';
import { postgresErrorOf } from '../db/errors.ts';
import { queryRows } from '../db/rows.ts';
import { QUEUE_NAMES } from '../workers/queues.ts';
import type { Deps } from './deps.ts';

export interface QueueStats {
  name: string;
  counts: Record<string, number>;
  oldestWaitingSeconds: number;
  delayedOverdueSeconds: number;
}

export interface TimerStats {
  /** Where the figure comes from: the SLA clocks in the database, or the timers queue in Redis. */
  source: 'db' | 'redis';
  lagSeconds: number;
  overdue: number;
}

export interface OpsStats {
  dbUp: boolean;
  redisUp: boolean;
  queues: QueueStats[];
  timers: TimerStats | null;
  /** Outbound messages in the watched states (WATCHED_MESSAGE_STATES), all time. */
  messages: Array<{ channel: string; status: string; n: number }>;
  sentLastHour: Array<{ channel: string; n: number }>;
  outboxOldestSeconds: number;
  intakeToday: Array<{ channel: string; n: number }>;
  tookSeconds: number;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Midnight Asia/Shanghai of the day containing `at`, as an instant. */
export function shanghaiMidnight(at: Date): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (local % 86_400_000) - SHANGHAI_OFFSET_MS);
}

/** Redis commands queue forever while Redis is away (maxRetriesPerRequest: null): cap each read. */
async function settle<T>(p: Promise<T>, fallback: T, ms = 2000): Promise<{ ok: boolean; value: T }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    });
    return { ok: true, value: await Promise.race([p, timeout]) };
  } catch {
    return { ok: false, value: fallback };
  } finally {
    clearTimeout(timer);
  }
}

/** BullMQ stamps jobs with the wall clock, so queue ages use Date.now(), not the injectable clock. */
async function queueStats(deps: Deps): Promise<QueueStats[]> {
  const wallNow = Date.now();
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const q = deps.queues.queue(name);
      const [counts, [oldest], [nextDelayed]] = await Promise.all([
        q.getJobCounts(...JOB_STATES),
        q.getJobs(['wait'], 0, 0, true),
        q.getJobs(['delayed'], 0, 0, true),
      ]);
      const due = nextDelayed ? nextDelayed.timestamp + (nextDelayed.delay ?? 0) : wallNow;
      return {
        name,
        counts,
        oldestWaitingSeconds: oldest ? Math.max(0, (wallNow - oldest.timestamp) / 1000) : 0,
        delayedOverdueSeconds: Math.max(0, (wallNow - due) / 1000),
      };
    }),
  );
}

/**
 * Timer lag from Redis: how far past due the earliest delayed job of the timers queue is. BullMQ promotes
 * due jobs within milliseconds while a worker runs, so a growing figure means timers are not firing.
 */
function timerStatsFromQueue(queues: QueueStats[]): TimerStats | null {
  const timers = queues.find((q) => q.name === 'timers');
  if (!timers) return null;
  return {
    source: 'redis',
    lagSeconds: Math.max(timers.delayedOverdueSeconds, timers.oldestWaitingSeconds),
    overdue: (timers.counts.waiting ?? 0) + (timers.delayedOverdueSeconds > 0 ? 1 : 0),
  };
}

function isUndefinedTable(err: unknown): boolean {
  return postgresErrorOf(err)?.code === '42P01';
}

/**
 * Timer lag from the SLA clocks (the truth): running clocks whose warning or deadline has passed without
 * the timer having fired. Both columns sit in partial indexes on running clocks, so this is two range scans.
 * Before the timebox tables exist, null (the Redis figure is used).
 */
async function timerStatsFromClocks(deps: Deps, now: Date): Promise<TimerStats | null> {
  const at = now.toISOString();
  try {
    const [row] = await queryRows<{ n: string | number; oldest: string | Date | null }>(
      deps.readDb,
      sql`select count(*) as n, min(t) as oldest from (
            select due_at as t from sla_clocks
             where status = 'running' and due_at <= ${at}::timestamptz and breached_at is null
            union all
            select warn_at from sla_clocks
             where status = 'running' and warn_at <= ${at}::timestamptz and warned_at is null
          ) late`,
    );
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    return {
      source: 'db',
      overdue: Number(row?.n ?? 0),
      lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    };
  } catch (err) {
    if (isUndefinedTable(err)) return null;
    throw err;
  }
}

/** Outbound states worth watching; each is a small range of messages_status_idx at any history size. */
export const WATCHED_MESSAGE_STATES = ['queued', 'held', 'sending', 'failed', 'ambiguous', 'suppressed'] as const;

async function messageStats(deps: Deps, now: Date) {
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const [byStatus, sent, [oldest]] = await Promise.all([
    // All time, but only the states that stay small (sent/delivered grow with history: see the next query).
    queryRows<{ channel: string; status: string; n: string | number }>(
      deps.readDb,
      sql`select channel::text as channel, status, count(*) as n from messages
          where direction = 'out' and status in (${sql.join(
            WATCHED_MESSAGE_STATES.map((s) => sql`${s}`),
            sql`, `,
          )})
          group by 1, 2`,
    ),
    // Handed to the provider in the last hour (messages_out_sent_at_idx, migration 0012).
    queryRows<{ channel: string; n: string | number }>(
      deps.readDb,
      sql`select channel::text as channel, count(*) as n from messages
          where direction = 'out' and sent_at is not null and sent_at >= ${hourAgo}::timestamptz group by 1`,
    ),
    queryRows<{ at: string | Date | null }>(
      deps.readDb,
      sql`select min(coalesce(not_before, created_at)) as at from messages
          where direction = 'out' and status = 'queued'
            and (not_before is null or not_before <= ${now.toISOString()}::timestamptz)`,
    ),
  ]);
  const oldestAt = oldest?.at ? new Date(oldest.at) : null;
  return {
    messages: byStatus.map((r) => ({ channel: r.channel, status: r.status, n: Number(r.n) })),
    sentLastHour: sent.map((r) => ({ channel: r.channel, n: Number(r.n) })),
    outboxOldestSeconds: oldestAt ? Math.max(0, (now.getTime() - oldestAt.getTime()) / 1000) : 0,
  };
}

async function intakeToday(deps: Deps, now: Date) {
  const rows = await queryRows<{ channel: string; n: string | number }>(
    deps.readDb,
    sql`select channel::text as channel, count(*) as n from tickets
        where created_at >= ${shanghaiMidnight(now).toISOString()}::timestamptz group by 1`,
  );
  return rows.map((r) => ({ channel: r.channel, n: Number(r.n) }));
}

/** Reads every system gauge; a dependency that is down yields zeros and its up-flag 0, never a failed scrape. */
export async function collectOpsStats(deps: Deps): Promise<OpsStats> {
  const started = performance.now();
  const now = deps.clock.now();
  const [ping, queues, clocks, msgs, intake] = await Promise.all([
    settle(deps.database.ping(), undefined),
    settle(queueStats(deps), []),
    settle(timerStatsFromClocks(deps, now), null),
    settle(messageStats(deps, now), { messages: [], sentLastHour: [], outboxOldestSeconds: 0 }),
    settle(intakeToday(deps, now), []),
  ]);
  return {
    dbUp: ping.ok,
    redisUp: queues.ok,
    queues: queues.value,
    timers: clocks.value ?? timerStatsFromQueue(queues.value),
    ...msgs.value,
    intakeToday: intake.value,
    tookSeconds: (performance.now() - started) / 1000,
  };
}
