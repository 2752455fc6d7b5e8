import type { Priority, TicketType } from '../vocabulary.ts';
import type { ClockKind, ClockLimit } from './types.ts';

export interface PolicyRule {
  readonly id: number | null;
  readonly name: string;
  readonly position: number;
  readonly active: boolean;
  readonly ticketType: TicketType | null;
  readonly priority: Priority | null;
  readonly categoryId: number | null;
  readonly limits: Partial<Record<ClockKind, ClockLimit>>;
  readonly warnPercent: number | null;
  readonly warnKinds: readonly ClockKind[];
}

export interface TicketFacts {
  readonly type: TicketType;
  readonly priority: Priority;
  /** The ticket's category and all its ancestors' ids (empty when uncategorised). */
  readonly categoryLineage: readonly number[];
}

export function policyMatches(p: PolicyRule, t: TicketFacts): boolean {
  if (!p.active) return false;
  if (p.ticketType !== null && p.ticketType !== t.type) return false;
  if (p.priority !== null && p.priority !== t.priority) return false;
  if (p.categoryId !== null && !t.categoryLineage.includes(p.categoryId)) return false;
  return true;
}

/**
 * The first policy by explicit position (ties by id) that matches the ticket AND defines a limit for
 * `kind`. Never by name (Zammad picks by name order: a renamed policy silently changes deadlines).
 * Falling through to the next policy per kind lets a narrow policy (urgent: handle 24 h) leave the
 * sign window to a broader one.
 */
export function matchPolicy(
  policies: readonly PolicyRule[],
  ticket: TicketFacts,
  kind: ClockKind,
): { policy: PolicyRule; limit: ClockLimit; warnPercent: number | null } | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || (a.id ?? 0) - (b.id ?? 0));
  for (const p of ordered) {
    const limit = p.limits[kind];
    if (!limit || !policyMatches(p, ticket)) continue;
    return { policy: p, limit, warnPercent: p.warnKinds.includes(kind) ? p.warnPercent : null };
  }
  return null;
}

/** A handle clock's yellow warning when neither the policy nor the caller names one: at 75 % of its time. */
export const DEFAULT_HANDLE_WARN_PERCENT = 75;

/**
 * Built-in policies from the domain's typical numbers, used when the database has none (fresh
 * installs, tests that seed only the city). The demo seed writes the same table.
 */
export const DEFAULT_POLICIES: readonly PolicyRule[] = [
  {
    id: null,
    name: '紧急件',
    position: 10,
    active: true,
    ticketType: null,
    priority: 'urgent',
    categoryId: null,
    limits: {
      sign: { value: 30, unit: 'working_minutes' },
      handle: { value: 24, unit: 'hours' },
    },
    warnPercent: 75,
    warnKinds: ['handle'],
  },
  ...(
    [
      ['咨询', 'consultation', 3],
      ['求助', 'help', 5],
      ['投诉', 'complaint', 5],
      ['举报', 'report', 15],
    ] as const
  ).map(
    ([name, type, days], i): PolicyRule => ({
      id: null,
      name: `${name}件`,
      position: 20 + i * 10,
      active: true,
      ticketType: type,
      priority: null,
      categoryId: null,
      limits: { handle: { value: days, unit: 'working_days' } },
      warnPercent: 75,
      warnKinds: ['handle'],
    }),
  ),
  {
    id: null,
    name: '通用时限',
    position: 1000,
    active: true,
    ticketType: null,
    priority: null,
    categoryId: null,
    limits: {
      sign: { value: 2, unit: 'working_hours' },
      handle: { value: 5, unit: 'working_days' },
      revisit: { value: 2, unit: 'working_days' },
      return_decision: { value: 1, unit: 'working_hours' },
      supervision: { value: 3, unit: 'working_days' },
    },
    warnPercent: 75,
    warnKinds: ['handle'],
  },
];

export interface CategoryLimits {
  /** From the category (nearest ancestor with a value): categories.handle_days / sign_hours. */
  readonly handleDays?: number | null;
  readonly signHours?: number | null;
}

export interface ResolvedLimit {
  readonly limit: ClockLimit;
  readonly warnPercent: number | null;
  /** null when the limit came from the built-in table or the category. */
  readonly policyId: number | null;
  readonly source: string;
}

/**
 * Limit for one clock of a ticket: the matching policy (database policies, else the built-in table);
 * a normal-priority ticket's category limits (handle days, sign hours), when set, win over a policy
 * that does not itself name a category — the dispatch catalogue is the finer instrument.
 */
export function resolveLimit(
  policies: readonly PolicyRule[],
  ticket: TicketFacts,
  kind: ClockKind,
  category: CategoryLimits = {},
): ResolvedLimit | null {
  // The built-in table is the last resort, so a narrow administrator policy never leaves a ticket
  // without a limit.
  const hit = matchPolicy(policies, ticket, kind) ?? matchPolicy(DEFAULT_POLICIES, ticket, kind);
  const policyNamesCategory = hit?.policy.categoryId != null;
  if (ticket.priority === 'normal' && !policyNamesCategory) {
    const warn = hit?.warnPercent ?? (kind === 'handle' ? DEFAULT_HANDLE_WARN_PERCENT : null);
    if (kind === 'handle' && category.handleDays != null && category.handleDays > 0) {
      return {
        limit: { value: category.handleDays, unit: 'working_days' },
        warnPercent: warn,
        policyId: null,
        source: 'category',
      };
    }
    if (kind === 'sign' && category.signHours != null && category.signHours > 0) {
      return {
        limit: { value: category.signHours, unit: 'working_hours' },
        warnPercent: null,
        policyId: null,
        source: 'category',
      };
    }
  }
  if (!hit) return null;
  return {
    limit: hit.limit,
    warnPercent: hit.warnPercent,
    policyId: hit.policy.id,
    source: hit.policy.id === null ? 'builtin' : 'policy',
  };
}
