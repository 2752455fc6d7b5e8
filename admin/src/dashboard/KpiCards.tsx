import { Card, CardContent, Grid, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { pctText, useKpiDashboard, useKpiMonth } from './useKpi.ts';

const MONTH_KPIS = ['satisfactionRate', 'onTimeCompletionRate', 'onTimeSignRate', 'directAnswerRate', 'returnRate'];

function Figure({ label, value, tone }: { label: string; value: string; tone?: 'error' | 'primary' }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography variant="caption" color="text.secondary" noWrap component="div">
          {label}
        </Typography>
        <Typography variant="h5" color={tone ?? 'text.primary'} sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** Today's intake and overdue counts, then this month's headline rates. */
export function KpiCards() {
  const translate = useTranslate();
  const { data: d } = useKpiDashboard();
  const { data: m } = useKpiMonth();
  return (
    <Grid container spacing={1} data-testid="kpi-cards">
      <Grid size={{ xs: 6, md: 12 / 8 }}>
        <Figure label={translate('app.kpi.today_total')} value={String(d?.today.total ?? '—')} tone="primary" />
      </Grid>
      <Grid size={{ xs: 6, md: 12 / 8 }}>
        <Figure
          label={translate('app.kpi.overdue_dispatches')}
          value={String(d?.overdue.dispatches ?? '—')}
          tone="error"
        />
      </Grid>
      <Grid size={{ xs: 6, md: 12 / 8 }}>
        <Figure label={translate('app.kpi.answerRate')} value={pctText(d?.today.answerRate)} />
      </Grid>
      {MONTH_KPIS.map((k) => (
        <Grid key={k} size={{ xs: 6, md: 12 / 8 }}>
          <Figure label={translate(`app.kpi.${k}`)} value={pctText(m?.total.kpis[k]?.value)} />
        </Grid>
      ))}
    </Grid>
  );
}
