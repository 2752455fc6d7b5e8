import { useQuery } from '@tanstack/react-query';
import type { KpiValue } from '../dashboard/useKpi.ts';
import { apiCall } from '../providers/httpClient.ts';

export interface KpiDefinition {
  code: string;
  name: string;
  formula: string;
  higherIsBetter: boolean;
  target: number | null;
}

export interface KpiRow {
  keys: Array<{ dim: string; key: string | null; label: string }>;
  kpis: Record<string, KpiValue>;
}

export interface KpiReportData {
  from: string;
  to: string;
  label: string;
  total: KpiRow;
  rows: KpiRow[];
}

export function useKpiDefinitions() {
  return useQuery({
    queryKey: ['kpi', 'definitions'],
    queryFn: () => apiCall<KpiDefinition[]>('GET', '/kpi/definitions'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** GET /api/kpi/report for a period (2026-11, 2026-Q4, 2026-W48…) grouped by one dimension. */
export function useKpiReport(period: string, groupBy: string) {
  return useQuery({
    queryKey: ['kpi', 'report', period, groupBy],
    queryFn: () => apiCall<KpiReportData>('GET', `/kpi/report?${new URLSearchParams({ period, groupBy })}`),
    enabled: /^\d{4}-(\d{2}|Q[1-4]|W\d{2})(-\d{2})?$/.test(period),
  });
}
