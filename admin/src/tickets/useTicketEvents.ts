import { useQuery } from '@tanstack/react-query';
import { apiCall } from '../providers/httpClient.ts';

export interface TicketEvent {
  id: number;
  ticketId: number;
  dispatchId: number | null;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorKind: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  unitId: number | null;
  payload: Record<string, unknown>;
}

/** GET /api/tickets/{id}/events; keyed under "tickets" so live refreshes of tickets refresh it too. */
export function useTicketEvents(id: number | string | undefined) {
  return useQuery({
    queryKey: ['tickets', 'events', String(id)],
    queryFn: () => apiCall<TicketEvent[]>('GET', `/tickets/${id}/events`),
    enabled: id !== undefined,
  });
}
