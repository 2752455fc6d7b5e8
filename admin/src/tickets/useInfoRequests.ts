import { useQuery } from '@tanstack/react-query';
import { useApiHas } from '../providers/capabilities.ts';
import { apiCall } from '../providers/httpClient.ts';

export type InfoRequestStatus = 'open' | 'answered' | 'expired' | 'cancelled';

/** 请市民补充材料: a question put to the citizen while the ticket's clocks wait for the answer. */
export interface InfoRequest {
  id: number;
  ticketId: number;
  question: string;
  status: InfoRequestStatus;
  requestedAt: string;
  dueAt: string;
  answeredAt: string | null;
  answerText: string | null;
  requestedById: number | null;
  requestedByName: string | null;
}

/** Who may ask the citizen and withdraw the question (the API enforces each one's scope). */
export const INFO_REQUEST_ROLES = ['agent', 'dispatcher', 'supervisor', 'admin', 'unit_staff'];

/**
 * GET /api/tickets/{id}/info-requests, newest first; keyed under "tickets" so the actions' and the live
 * stream's refreshes of tickets refresh it too. Disabled while the API does not offer it.
 */
export function useInfoRequests(id: number | string | undefined) {
  const has = useApiHas('GET /api/tickets/{id}/info-requests');
  const query = useQuery({
    queryKey: ['tickets', 'info-requests', String(id)],
    queryFn: () => apiCall<InfoRequest[]>('GET', `/tickets/${id}/info-requests`),
    enabled: id !== undefined && has === true,
  });
  return { ...query, available: has };
}
