import { useQuery } from '@tanstack/react-query';
import { useApiHas } from '../providers/capabilities.ts';
import { apiCall } from '../providers/httpClient.ts';

export interface ClockSegment {
  id: number;
  kind: string;
  at: string;
  actorId: number | null;
  reason: string | null;
  oldDueAt: string | null;
  newDueAt: string | null;
}

export interface SlaClock {
  id: number;
  dispatchId: number | null;
  unitId: number | null;
  kind: string;
  status: 'running' | 'paused' | 'stopped';
  round: number;
  limitText: string;
  startedAt: string;
  dueAt: string | null;
  pausedAt: string | null;
  stoppedAt: string | null;
  stopReason: string | null;
  overdue: boolean;
  deadlines: string[];
  segments: ClockSegment[];
}

/** GET /api/tickets/{id}/clocks: every deadline the ticket had, with its history of segments. */
export function useTicketClocks(id: number | string | undefined) {
  const has = useApiHas('GET /api/tickets/{id}/clocks');
  return useQuery({
    queryKey: ['tickets', 'clocks', String(id)],
    queryFn: () => apiCall<SlaClock[]>('GET', `/tickets/${id}/clocks`),
    enabled: id !== undefined && has === true,
  });
}

const ORDER = ['sign', 'handle', 'return_decision', 'supervision', 'revisit'];

/**
 * The deadline that matters now: the earliest due among running clocks (sign before handle on ties);
 * with none running, a paused one (waiting for the citizen: the API gives it no deadline until it resumes).
 */
export function currentClock(clocks: SlaClock[] | undefined): SlaClock | null {
  const byKind = (a: SlaClock, b: SlaClock) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind);
  const running = (clocks ?? []).filter((c) => c.status === 'running' && c.dueAt);
  running.sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)) || byKind(a, b));
  const paused = (clocks ?? []).filter((c) => c.status === 'paused').sort(byKind);
  return running[0] ?? paused[0] ?? null;
}
