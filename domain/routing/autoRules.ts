/** Auto-dispatch rule matching (pure). */
export interface AutoRuleConditions {
  categoryIds?: number[];
  types?: string[];
  priorities?: string[];
  channels?: string[];
  jurisdictionIds?: number[];
  keywords?: string[];
}

export interface AutoRule {
  id: number;
  name: string;
  active: boolean;
  sortOrder: number;
  conditions: AutoRuleConditions;
  unitId: number | null;
  coUnitIds: number[];
  instructions?: string | null;
}

export interface RuleTicket {
  categoryId: number | null;
  type: string;
  priority: string;
  channel: string;
  /** The ticket's jurisdiction chain (street, district). */
  jurisdiction: readonly number[];
  text: string;
}

function has<T>(list: readonly T[] | undefined, v: T): boolean {
  return !list || list.length === 0 || list.includes(v);
}

export function ruleMatches(rule: AutoRule, t: RuleTicket): boolean {
  const c = rule.conditions;
  if (!rule.active) return false;
  // A rule with no condition at all would dispatch everything: never match it.
  const any =
    (c.categoryIds?.length ?? 0) +
    (c.types?.length ?? 0) +
    (c.priorities?.length ?? 0) +
    (c.channels?.length ?? 0) +
    (c.jurisdictionIds?.length ?? 0) +
    (c.keywords?.length ?? 0);
  if (any === 0) return false;
  if (c.categoryIds?.length && (t.categoryId === null || !c.categoryIds.includes(t.categoryId))) return false;
  if (!has(c.types, t.type) || !has(c.priorities, t.priority) || !has(c.channels, t.channel)) return false;
  if (c.jurisdictionIds?.length && !t.jurisdiction.some((j) => c.jurisdictionIds?.includes(j))) return false;
  if (c.keywords?.length && !c.keywords.some((k) => k && t.text.includes(k))) return false;
  return true;
}

/** First matching rule by explicit order (sortOrder, then id), never by name. */
export function firstMatchingRule(rules: readonly AutoRule[], t: RuleTicket): AutoRule | null {
  const ordered = [...rules].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  return ordered.find((r) => ruleMatches(r, t)) ?? null;
}
