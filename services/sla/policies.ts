import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { categories, slaPolicies, tickets } from '../../db/schema/index.ts';
import type { CategoryLimits, PolicyRule, TicketFacts } from '../../domain/sla/index.ts';
import { notFound } from '../errors.ts';

export type PolicyRow = typeof slaPolicies.$inferSelect;

export function ruleOf(row: PolicyRow): PolicyRule {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    ticketType: row.ticketType,
    priority: row.priority,
    categoryId: row.categoryId,
    limits: row.limits,
    warnPercent: row.warnPercent,
    warnKinds: row.warnKinds,
  };
}

/** All policies in explicit order (inactive ones included: matching skips them). Small table. */
export async function loadPolicyRules(db: Executor): Promise<PolicyRule[]> {
  const rows = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
  return rows.map(ruleOf);
}

export interface TicketSlaFacts {
  facts: TicketFacts;
  category: CategoryLimits;
}

/** What policy matching needs to know about a ticket: type, priority, category lineage and limits. */
export async function loadTicketFacts(db: Executor, ticketId: number): Promise<TicketSlaFacts> {
  const [t] = await db
    .select({ type: tickets.type, priority: tickets.priority, categoryPath: categories.path })
    .from(tickets)
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(eq(tickets.id, ticketId));
  if (!t) throw notFound('工单');
  const lineage = (t.categoryPath ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map(Number);
  const category: { handleDays?: number | null; signHours?: number | null } = {};
  if (lineage.length > 0) {
    const rows = await db
      .select({ id: categories.id, handleDays: categories.handleDays, signHours: categories.signHours })
      .from(categories)
      .where(inArray(categories.id, lineage));
    // Nearest ancestor with a value wins: walk from the leaf upwards.
    for (const id of [...lineage].reverse()) {
      const r = rows.find((x) => x.id === id);
      if (!r) continue;
      if (category.handleDays == null && r.handleDays != null) category.handleDays = r.handleDays;
      if (category.signHours == null && r.signHours != null) category.signHours = r.signHours;
    }
  }
  return { facts: { type: t.type, priority: t.priority, categoryLineage: lineage }, category };
}
