import { useQuery } from '@tanstack/react-query';
import { apiCall } from '../providers/httpClient.ts';

export interface KpiDashboard {
  asOf: string;
  today: {
    date: string;
    intakeByChannel: Array<{ channel: string; label: string; count: number }>;
    total: number;
    answerRate: number | null;
    directAnswerRate: number | null;
  };
  backlogByUnit: Array<{ unitId: number; name: string; open: number; overdue: number; unsigned: number }>;
  overdue: { dispatches: number; tickets: number };
  satisfactionTrend: Array<{ week: string; from: string; reached: number; satisfied: number; rate: number | null }>;
}

export interface KpiValue {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface KpiReport {
  label: string;
  total: { kpis: Record<string, KpiValue> };
}

/** GET /api/kpi/dashboard, refreshed every minute. */
export function useKpiDashboard() {
  return useQuery({
    queryKey: ['kpi', 'dashboard'],
    queryFn: () => apiCall<KpiDashboard>('GET', '/kpi/dashboard?weeks=12'),
    refetchInterval: 60_000,
  });
}

/** This month's KPI totals (GET /api/kpi/report, no grouping). */
export function useKpiMonth() {
  return useQuery({ queryKey: ['kpi', 'report', 'month'], queryFn: () => apiCall<KpiReport>('GET', '/kpi/report') });
}

export const pctText = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
