import { and, asc, count, eq, gte, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { autoDispatchLog, autoDispatchRules, tickets } from '../../db/schema/index.ts';
import { firstMatchingRule } from '../../domain/routing/autoRules.ts';
import { lookupCatalogue } from '../../domain/routing/catalogue.ts';
import type { Deps } from '../deps.ts';
import { recordEvent } from '../events.ts';
import { loadCatalogue } from '../routing/model.ts';
import { resolvePlace } from '../routing/suggest.ts';
import { dispatchFromCentre } from './centre.ts';
import { lockTicket } from './core.ts';
import { runDispatchTx } from './effects.ts';
import { SYSTEM_ACTOR } from './types.ts';

export type AutoOutcome = 'dispatched' | 'no_rule' | 'no_unit' | 'skipped';

/**
 * Applies the first matching auto-dispatch rule to a registered ticket (categories that never need a
 * human look). Each ticket is evaluated once (auto_dispatch_log); intake may call this inline, and the
 * dispatch worker sweeps new tickets so nothing depends on it.
 */
export async function tryAutoDispatch(
  tx: Executor,
  deps: Deps,
  input: { ticketId: number },
  now: Date,
): Promise<{ outcome: AutoOutcome; dispatchId?: number; ruleId?: number }> {
  const ticket = await lockTicket(tx, input.ticketId);
  const [seen] = await tx.select().from(autoDispatchLog).where(eq(autoDispatchLog.ticketId, ticket.id));
  if (seen) return { outcome: seen.outcome as AutoOutcome, dispatchId: seen.dispatchId ?? undefined };
  const log = async (outcome: AutoOutcome, ruleId: number | null = null, dispatchId: number | null = null) => {
    await tx.insert(autoDispatchLog).values({ ticketId: ticket.id, ruleId, dispatchId, outcome, at: now });
    return { outcome, ruleId: ruleId ?? undefined, dispatchId: dispatchId ?? undefined };
  };
  if (ticket.status !== 'registered' || ticket.repeatOfId) return log('skipped');
  const rules = await tx.select().from(autoDispatchRules).where(eq(autoDispatchRules.active, true));
  const place = await resolvePlace(tx, ticket);
  const rule = firstMatchingRule(rules, {
    categoryId: ticket.categoryId,
    type: ticket.type,
    priority: ticket.priority,
    channel: ticket.channel,
    jurisdiction: place?.chain ?? [],
    text: `${ticket.title} ${ticket.content}`,
  });
  if (!rule) return log('no_rule');
  let unitId = rule.unitId;
  let coUnitIds = rule.coUnitIds;
  if (!unitId && ticket.categoryId) {
    const entry = lookupCatalogue(await loadCatalogue(tx), ticket.categoryId, place?.chain ?? [], now);
    unitId = entry?.unitId ?? null;
    if (entry && coUnitIds.length === 0) coUnitIds = entry.coUnitIds;
  }
  if (!unitId) return log('no_unit', rule.id);
  const { lead } = await dispatchFromCentre(
    tx,
    deps,
    {
      ticketId: ticket.id,
      unitId,
      coUnitIds,
      instructions: rule.instructions,
      actor: SYSTEM_ACTOR,
      source: 'auto',
    },
    now,
  );
  await recordEvent(tx, {
    ticketId: ticket.id,
    dispatchId: lead.id,
    unitId,
    action: 'dispatch.auto_dispatched',
    at: now,
    actorKind: 'system',
    payload: { ruleId: rule.id, ruleName: rule.name },
  });
  return log('dispatched', rule.id, lead.id);
}

/** Evaluates registered tickets of the last `days` not evaluated yet; each in its own transaction. */
export async function runAutoDispatchSweep(deps: Deps, now: Date, opts: { days?: number; limit?: number } = {}) {
  const counts: Record<AutoOutcome, number> = { dispatched: 0, no_rule: 0, no_unit: 0, skipped: 0 };
  // No rule, nothing to do: tickets stay unevaluated, so a rule added later still applies to them.
  const [active] = await deps.db
    .select({ n: count() })
    .from(autoDispatchRules)
    .where(eq(autoDispatchRules.active, true));
  if (!active?.n) return counts;
  const since = new Date(now.getTime() - (opts.days ?? 7) * 86_400_000);
  const rows = await deps.db
    .select({ id: tickets.id })
    .from(tickets)
    .leftJoin(autoDispatchLog, eq(autoDispatchLog.ticketId, tickets.id))
    .where(and(eq(tickets.status, 'registered'), gte(tickets.createdAt, since), isNull(autoDispatchLog.ticketId)))
    .orderBy(asc(tickets.id))
    .limit(opts.limit ?? 500);
  for (const r of rows) {
    try {
      const res = await runDispatchTx(deps, (tx) => tryAutoDispatch(tx, deps, { ticketId: r.id }, now));
      counts[res.outcome]++;
    } catch (err) {
      deps.logger.warn({ err, ticketId: r.id }, 'auto-dispatch failed');
    }
  }
  return counts;
}
