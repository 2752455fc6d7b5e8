import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Deps } from './deps.ts';
import { collectOpsStats, type OpsStats } from './opsStats.ts';

/**
 * Prometheus metrics. Two kinds:
 * - process metrics (HTTP latency, tickets created, Node's own): counters that live in this process and
 *   that Prometheus sums over processes with `sum(rate(...))`;
 * - system gauges (queue depths and ages, timer lag, deliveries, open tickets) read from Redis and the
 *   database at scrape time: every process reports the same truth, so take `max` over instances, never sum.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'huiyin_' });

export const httpDuration = new Histogram({
  name: 'huiyin_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [processRegistry],
});

const ticketsCreated = new Counter({
  name: 'huiyin_tickets_created_total',
  help: 'Tickets registered by this process, by intake channel',
  labelNames: ['channel'] as const,
  registers: [processRegistry],
});

/** Called once per registered ticket (services/tickets.ts insertTicket). */
export function countTicketCreated(channel: string): void {
  ticketsCreated.inc({ channel });
}

/** DB and Redis are read at most this often per process, however many scrapers ask. */
export const STATS_TTL_MS = 5000;
const cache = new WeakMap<Deps, { at: number; stats: Promise<OpsStats> }>();

/** Forget cached system gauges (tests that change the database between scrapes). */
export function clearStatsCache(deps: Deps): void {
  cache.delete(deps);
}

function cachedStats(deps: Deps): Promise<OpsStats> {
  const hit = cache.get(deps);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.stats;
  const stats = collectOpsStats(deps);
  cache.set(deps, { at: Date.now(), stats });
  // A failed read must not be served from the cache for the next five seconds.
  stats.catch(() => cache.delete(deps));
  return stats;
}

function gauge<L extends string>(reg: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return new Gauge<L>({ name, help, labelNames, registers: [reg] });
}

function systemRegistry(s: OpsStats): Registry {
  const reg = new Registry();
  const up = gauge(reg, 'huiyin_dependency_up', 'Whether a dependency answered the last probe', ['dependency']);
  up.set({ dependency: 'postgres' }, s.dbUp ? 1 : 0);
  up.set({ dependency: 'redis' }, s.redisUp ? 1 : 0);

  const jobs = gauge(reg, 'huiyin_queue_jobs', 'BullMQ jobs by queue and state', ['queue', 'state']);
  const oldest = gauge(reg, 'huiyin_queue_oldest_waiting_seconds', 'Age of the oldest waiting job', ['queue']);
  const late = gauge(
    reg,
    'huiyin_queue_delayed_overdue_seconds',
    'How far past its due time the earliest delayed job is (0 when on time)',
    ['queue'],
  );
  for (const q of s.queues) {
    for (const [state, n] of Object.entries(q.counts)) jobs.set({ queue: q.name, state }, n);
    oldest.set({ queue: q.name }, q.oldestWaitingSeconds);
    late.set({ queue: q.name }, q.delayedOverdueSeconds);
  }

  const lag = gauge(reg, 'huiyin_timer_lag_seconds', 'How late the most overdue unfired SLA timer is', ['source']);
  const pending = gauge(reg, 'huiyin_timers_overdue', 'SLA timers past due and not yet handled', ['source']);
  if (s.timers) {
    lag.set({ source: s.timers.source }, s.timers.lagSeconds);
    pending.set({ source: s.timers.source }, s.timers.overdue);
  }

  const msgs = gauge(
    reg,
    'huiyin_messages_out',
    'Outbound messages queued, held, sending, failed, ambiguous or suppressed, by channel (all time)',
    ['channel', 'status'],
  );
  for (const m of s.messages) msgs.set({ channel: m.channel, status: m.status }, m.n);
  const sent = gauge(
    reg,
    'huiyin_messages_sent_last_hour',
    'Outbound messages handed to the provider in the last hour',
    ['channel'],
  );
  for (const m of s.sentLastHour) sent.set({ channel: m.channel }, m.n);
  gauge(reg, 'huiyin_outbox_oldest_queued_seconds', 'Age of the oldest outbound message due and not sent').set(
    s.outboxOldestSeconds,
  );

  const today = gauge(reg, 'huiyin_tickets_created_today', 'Tickets registered today (Asia/Shanghai) by channel', [
    'channel',
  ]);
  for (const t of s.intakeToday) today.set({ channel: t.channel }, t.n);
  gauge(reg, 'huiyin_ops_stats_seconds', 'Time taken to read the system gauges').set(s.tookSeconds);
  return reg;
}

export interface MetricsText {
  contentType: string;
  body: string;
}

/** The /metrics payload: this process's counters plus the system gauges. */
export async function renderMetrics(deps: Deps): Promise<MetricsText> {
  const stats = await cachedStats(deps);
  const merged = Registry.merge([processRegistry, systemRegistry(stats)]);
  return { contentType: processRegistry.contentType, body: await merged.metrics() };
}
