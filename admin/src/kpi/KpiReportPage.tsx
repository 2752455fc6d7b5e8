import { Box, Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { type HttpError, Title, useNotify, useTranslate } from 'react-admin';
import { downloadFile } from '../common/download.ts';
import { KpiChart } from './KpiChart.tsx';
import { KpiTable } from './KpiTable.tsx';
import { useKpiDefinitions, useKpiReport } from './useKpiReport.ts';

const GROUPS = ['unit', 'category', 'channel', 'week', 'day'];
const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

/** 绩效看板: every KPI by unit, category, channel or time for a period, with the ranking chart and exports. */
export function KpiReportPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const [period, setPeriod] = useState(thisMonth);
  const [groupBy, setGroupBy] = useState('unit');
  const [kpi, setKpi] = useState('satisfactionRate');
  const { data: defs } = useKpiDefinitions();
  const { data: report, error } = useKpiReport(period, groupBy);
  const def = defs?.find((d) => d.code === kpi);
  const exportAs = (format: 'xlsx' | 'csv') =>
    downloadFile(
      `/exports/kpi-report.${format}?${new URLSearchParams({ period, groupBy })}`,
      `KPI报表-${period}.${format}`,
    ).catch((e: HttpError) => notify(e.message, { type: 'error' }));
  return (
    <Box sx={{ mt: 1, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="kpi-report">
      <Title title={translate('app.menu.kpi')} />
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <TextField
          size="small"
          label={translate('app.kpi.period')}
          value={period}
          onChange={(e) => setPeriod(e.target.value.trim())}
          helperText={translate('app.kpi.period_help')}
        />
        <TextField
          size="small"
          select
          label={translate('app.kpi.group_by')}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value)}
          sx={{ width: 140 }}
        >
          {GROUPS.map((g) => (
            <MenuItem key={g} value={g}>
              {translate(`app.kpi.dim.${g}`)}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" onClick={() => void exportAs('xlsx')}>
          {translate('app.ticket.export_xlsx')}
        </Button>
        <Button onClick={() => void exportAs('csv')}>{translate('ra.action.export')} CSV</Button>
      </Stack>
      {error && <Typography color="error">{(error as Error).message}</Typography>}
      {report && defs && (
        <>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {report.label}（{report.from} — {report.to}）
          </Typography>
          <Card variant="outlined" sx={{ overflowX: 'auto', maxHeight: 360 }}>
            <KpiTable report={report} defs={defs} />
          </Card>
          <Card variant="outlined" sx={{ mt: 1 }}>
            <CardContent>
              <TextField
                size="small"
                select
                label={translate('app.kpi.chart_kpi')}
                value={kpi}
                onChange={(e) => setKpi(e.target.value)}
                sx={{ width: 200 }}
              >
                {defs.map((d) => (
                  <MenuItem key={d.code} value={d.code}>
                    {d.name}
                  </MenuItem>
                ))}
              </TextField>
              {def && <KpiChart report={report} def={def} />}
            </CardContent>
          </Card>
        </>
      )}
    </Box>
  );
}
