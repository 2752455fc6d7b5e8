import type { Executor } from '../../db/client.ts';
import { buildPlaceIndex, type PlaceIndex } from '../../domain/routing/address.ts';
import { type RoutableText, routingText, routingTokens } from '../../domain/routing/tokens.ts';
import { loadPlaces } from './model.ts';

export async function loadPlaceIndex(db: Executor): Promise<PlaceIndex> {
  return buildPlaceIndex(await loadPlaces(db));
}

export function placeNames(index: PlaceIndex): string[] {
  return index.names.map((n) => n.name);
}

/** The words of a ticket the model uses, with the address and place names taken out (see routingText). */
export function tokensOf(t: RoutableText, index: PlaceIndex): { text: string; tokens: string[] } {
  const text = routingText(t, placeNames(index));
  return { text, tokens: routingTokens(text) };
}

export async function ticketTokens(db: Executor, t: RoutableText): Promise<string[]> {
  return tokensOf(t, await loadPlaceIndex(db)).tokens;
}
