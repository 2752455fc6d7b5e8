import { useQuery } from '@tanstack/react-query';
import { apiCall } from '../../providers/httpClient.ts';

export interface Suggestion {
  categoryId: number;
  categoryName: string | null;
  unitId: number;
  unitName: string | null;
  confidence: number;
  reasons: string[];
  coUnitIds: number[];
}

interface Suggestions {
  suggestions: Suggestion[];
  jurisdiction: { unitId: number; unitName: string | null; matched: string } | null;
  keywords: string[];
}

/** GET /api/tickets/{id}/suggestions: ranked category + unit with a confidence and the reasons. */
export function useSuggestions(ticketId: number | string, enabled = true) {
  return useQuery({
    queryKey: ['tickets', 'suggestions', String(ticketId)],
    queryFn: () => apiCall<Suggestions>('GET', `/tickets/${ticketId}/suggestions?limit=3`),
    enabled,
    staleTime: 60_000,
  });
}
