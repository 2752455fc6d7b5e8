import { Table, TableBody, TableCell, TableHead, TableRow, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { pctText } from '../dashboard/useKpi.ts';
import type { KpiDefinition, KpiReportData } from './useKpiReport.ts';

/** One row per group, one column per KPI, the total first; hover a header for its formula. */
export function KpiTable({ report, defs }: { report: KpiReportData; defs: KpiDefinition[] }) {
  const translate = useTranslate();
  const rows = [
    { ...report.total, keys: [{ dim: 'total', key: null, label: translate('app.kpi.total') }] },
    ...report.rows,
  ];
  return (
    <Table size="small" stickyHeader data-testid="kpi-table">
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.kpi.group')}</TableCell>
          {defs.map((d) => (
            <Tooltip key={d.code} title={d.formula}>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {d.name}
              </TableCell>
            </Tooltip>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r, i) => (
          <TableRow
            key={r.keys.map((k) => k.key ?? 'all').join('/') || String(i)}
            sx={i === 0 ? { bgcolor: 'action.hover' } : undefined}
          >
            <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: i === 0 ? 600 : 400 }}>
              {r.keys.map((k) => k.label).join(' / ')}
            </TableCell>
            {defs.map((d) => {
              const v = r.kpis[d.code];
              const below =
                d.target !== null &&
                v?.value !== null &&
                v?.value !== undefined &&
                (d.higherIsBetter ? v.value < d.target : v.value > d.target);
              return (
                <TableCell
                  key={d.code}
                  align="right"
                  sx={{ color: below ? 'error.main' : undefined, fontVariantNumeric: 'tabular-nums' }}
                  title={v ? `${v.numerator} / ${v.denominator}` : ''}
                >
                  {pctText(v?.value)}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
