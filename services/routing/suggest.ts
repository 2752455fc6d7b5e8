import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import {
  type Jurisdiction,
  jurisdictionOf,
  type PlaceIndex,
  resolveJurisdiction,
} from '../../domain/routing/address.ts';
import { type Suggestion, suggest } from '../../domain/routing/score.ts';
import { notFound } from '../errors.ts';
import { loadRoutingModel } from './model.ts';
import { loadPlaceIndex, tokensOf } from './tokens.ts';

export interface SuggestionResult {
  suggestions: Suggestion[];
  jurisdiction: Jurisdiction | null;
  tokens: string[];
}

export interface RoutableText {
  title?: string | null;
  content: string;
  address?: string | null;
  categoryId?: number | null;
  districtId?: number | null;
  /** The department the report names as responsible (a window report's): see SuggestInput.namedUnitId. */
  namedUnitId?: number | null;
}

export async function resolvePlace(db: Executor, t: RoutableText, idx?: PlaceIndex): Promise<Jurisdiction | null> {
  const index = idx ?? (await loadPlaceIndex(db));
  if (t.districtId) {
    const chosen = jurisdictionOf(t.districtId, index);
    if (chosen) return chosen;
  }
  return resolveJurisdiction(`${t.address ?? ''} ${t.content}`, index);
}

/** Ranked {categoryId, unitId, confidence, reasons} for a text; useCategory=false ignores a chosen category. */
export async function suggestFor(
  db: Executor,
  t: RoutableText,
  now: Date,
  opts: { useCategory?: boolean; limit?: number } = {},
): Promise<SuggestionResult> {
  const index = await loadPlaceIndex(db);
  const { text, tokens } = tokensOf(t, index);
  const jurisdiction = await resolvePlace(db, t, index);
  const model = await loadRoutingModel(db, tokens, jurisdiction?.chain ?? []);
  const suggestions = suggest(
    model,
    {
      text,
      tokens,
      categoryId: opts.useCategory === false ? null : t.categoryId,
      jurisdiction: jurisdiction?.chain ?? [],
      jurisdictionName: jurisdiction?.matched ?? null,
      namedUnitId: t.namedUnitId ?? null,
      now,
    },
    opts.limit ?? 5,
  );
  return { suggestions, jurisdiction, tokens };
}

export async function suggestForTicket(
  db: Executor,
  ticketId: number,
  now: Date,
  opts: { useCategory?: boolean; limit?: number } = {},
): Promise<SuggestionResult> {
  const [t] = await db
    .select({
      title: tickets.title,
      content: tickets.content,
      address: tickets.address,
      categoryId: tickets.categoryId,
      districtId: tickets.districtId,
      // Written out: drizzle leaves a column in a one-table select list unqualified, and "id" would be w.id.
      namedUnitId: sql<
        number | null
      >`(select w.department_id from window_reports w where w.ticket_id = tickets.id limit 1)`,
    })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!t) throw notFound('工单');
  return suggestFor(db, t, now, opts);
}
