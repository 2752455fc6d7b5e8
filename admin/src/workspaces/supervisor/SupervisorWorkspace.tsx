import { Box, Card, Grid, Tab, Tabs } from '@mui/material';
import { useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { BacklogByUnitChart } from '../../dashboard/BacklogByUnitChart.tsx';
import { IntakeByChannelChart } from '../../dashboard/IntakeByChannelChart.tsx';
import { KpiCards } from '../../dashboard/KpiCards.tsx';
import { SatisfactionTrendChart } from '../../dashboard/SatisfactionTrendChart.tsx';
import { DispatchQueues } from '../../dispatches/DispatchQueues.tsx';
import { useApiHas } from '../../providers/capabilities.ts';
import { BadReviews } from '../../reviews/BadReviews.tsx';
import { RevisitDecisions } from '../../supervision/RevisitDecisions.tsx';
import { SupervisionCases } from '../../supervision/SupervisionCases.tsx';

/** The supervisor's desk: the numbers first (charts), then overdue work, supervision cases and revisit rulings. */
export function SupervisorWorkspace() {
  const translate = useTranslate();
  const [tab, setTab] = useState('queues');
  const hasKpi = useApiHas('GET /api/kpi/dashboard');
  const hasRevisits = useApiHas('GET /api/revisits');
  const hasReviews = useApiHas('GET /api/reviews');
  return (
    <Box sx={{ mt: 1 }} data-testid="supervisor-workspace">
      <Title title={translate('app.menu.supervisor')} />
      {hasKpi && (
        <>
          <KpiCards />
          <Grid container spacing={1} sx={{ mt: 0.5 }}>
            <Grid size={{ xs: 12, md: 4 }}>
              <IntakeByChannelChart />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <BacklogByUnitChart />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <SatisfactionTrendChart />
            </Grid>
          </Grid>
        </>
      )}
      <Card variant="outlined" sx={{ mt: 1 }}>
        <Tabs value={tab} onChange={(_e, v: string) => setTab(v)}>
          <Tab value="queues" label={translate('app.supervisor.overdue_tickets')} />
          <Tab value="cases" label={translate('app.supervisor.supervision')} data-testid="tab-cases" />
          {hasRevisits && <Tab value="revisits" label={translate('app.revisit.decision')} />}
          {hasReviews && <Tab value="reviews" label={translate('app.review.tab')} />}
        </Tabs>
        {tab === 'queues' && <DispatchQueues testId="supervisor-queues" initial="overdue" />}
        {tab === 'cases' && <SupervisionCases />}
        {tab === 'revisits' && <RevisitDecisions />}
        {tab === 'reviews' && <BadReviews />}
      </Card>
    </Box>
  );
}
