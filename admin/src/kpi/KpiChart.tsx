import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KpiDefinition, KpiReportData } from './useKpiReport.ts';

/** The chosen KPI across the groups, best first, as bars (percent). */
export function KpiChart({ report, def }: { report: KpiReportData; def: KpiDefinition }) {
  const rows = report.rows
    .map((r) => ({
      name: r.keys
        .map((k) => k.label)
        .join(' / ')
        .replace(/^市/, ''),
      value: r.kpis[def.code]?.value,
    }))
    .filter((r): r is { name: string; value: number } => typeof r.value === 'number')
    .map((r) => ({ name: r.name, value: Math.round(r.value * 1000) / 10 }))
    .sort((a, b) => (def.higherIsBetter ? b.value - a.value : a.value - b.value))
    .slice(0, 15);
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 22 + 40)}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" unit="%" domain={[0, 100]} fontSize={12} />
        <YAxis type="category" dataKey="name" width={130} fontSize={11} interval={0} />
        <Tooltip />
        <Bar dataKey="value" name={def.name} fill="#1565c0" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
