import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Executor } from '../../db/client.ts';
import { postgresErrorOf } from '../../db/errors.ts';
import { type BusMessage, publishQuietly } from '../bus.ts';
import type { Deps } from '../deps.ts';
import { scheduleDispatchClocks } from './clocks.ts';

/**
 * Work that must wait for the commit: scheduling clock timers and live queue refreshes. Inside
 * runDispatchTx (also through a caller's savepoints) they are collected per call and flushed after the
 * commit. A caller that opens its own plain transaction may call flushDispatchEffects(tx, deps) after
 * committing; if it does not, the SLA reconciliation sweep schedules the timers and consoles refresh on
 * their next poll.
 */
interface Effects {
  clockIds: number[];
  bus: BusMessage[];
}

const pending = new WeakMap<object, Effects>();
/**
 * The effects of the runDispatchTx call we are inside, whatever transaction object (or savepoint) the
 * service received: a caller's nested savepoint (tx.transaction(...)) still lands its effects here.
 */
const current = new AsyncLocalStorage<Effects>();

export function effectsOf(tx: Executor): Effects {
  const scoped = current.getStore();
  if (scoped) return scoped;
  let e = pending.get(tx);
  if (!e) {
    e = { clockIds: [], bus: [] };
    pending.set(tx, e);
  }
  return e;
}

export function notifyUnit(tx: Executor, unitId: number, data: Record<string, unknown>): void {
  effectsOf(tx).bus.push({ topic: 'dispatch.queue', audience: [`unit:${unitId}`, 'role:dispatcher'], data });
}

export function scheduleAfterCommit(tx: Executor, clockId: number | null | undefined): void {
  if (clockId) effectsOf(tx).clockIds.push(clockId);
}

export async function flushDispatchEffects(tx: Executor, deps: Deps): Promise<void> {
  const e = pending.get(tx);
  if (!e) return;
  pending.delete(tx);
  await flush(e, deps);
}

async function flush(e: Effects, deps: Deps): Promise<void> {
  if (e.clockIds.length) {
    try {
      await scheduleDispatchClocks(deps, e.clockIds);
    } catch (err) {
      // The reconciliation sweep rebuilds missing timers from the open clocks; a lost schedule only delays.
      deps.logger.warn({ err, clockIds: e.clockIds }, 'scheduling dispatch clocks failed');
    }
  }
  for (const msg of e.bus) {
    await publishQuietly(deps, msg);
  }
}

/**
 * Inside a timer handler there is no after-commit hook (the timer worker owns the transaction and queues
 * the clocks' timers itself): live refreshes go out now. A console that refreshes a moment early just
 * refreshes again on its next poll.
 */
export function flushBusNow(tx: Executor, deps: Deps): void {
  const e = pending.get(tx);
  if (!e) return;
  pending.delete(tx);
  for (const msg of e.bus) {
    void publishQuietly(deps, msg);
  }
}

const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(err: unknown): boolean {
  return RETRYABLE.has(postgresErrorOf(err)?.code ?? '');
}

/**
 * One transaction for one dispatch operation, retried on deadlock/serialization failure (the timer worker
 * and an API request can take the clock and ticket locks in opposite orders), then its effects flushed.
 */
export async function runDispatchTx<T>(deps: Deps, fn: (tx: Executor) => Promise<T>, db: Db = deps.db): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // Fresh effects per attempt: a rolled-back attempt's timers and messages never go out.
    const effects: Effects = { clockIds: [], bus: [] };
    try {
      const out = await current.run(effects, () => db.transaction((tx) => fn(tx)));
      await flush(effects, deps);
      return out;
    } catch (err) {
      if (attempt < 3 && isRetryable(err)) continue;
      throw err;
    }
  }
}
