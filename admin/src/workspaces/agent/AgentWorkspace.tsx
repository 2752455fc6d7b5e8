import { Badge, Box, Card, CardContent, Grid, Tab, Tabs, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useGetList, useTranslate } from 'react-admin';
import { IntakeForm } from '../../intake/IntakeForm.tsx';
import { useApiHas } from '../../providers/capabilities.ts';
import { KbPanel } from './KbPanel.tsx';
import { MissedCalls } from './MissedCalls.tsx';
import { MyTickets } from './MyTickets.tsx';
import { PhoneRevisits } from './PhoneRevisits.tsx';
import { type Caller, ScreenPop } from './ScreenPop.tsx';

function MissedBadge({ label }: { label: string }) {
  const { total } = useGetList('intake/missed-calls', {
    filter: { status: 'pending' },
    pagination: { page: 1, perPage: 1 },
  });
  return (
    <Badge badgeContent={total ?? 0} color="error" sx={{ pr: 1.5 }}>
      {label}
    </Badge>
  );
}

/**
 * The call workspace: screen pop on top, the intake form under it, the agent's queues beside it.
 * One screen at 1366×768 during a call; panels appear as their APIs exist.
 */
export function AgentWorkspace() {
  const translate = useTranslate();
  const [caller, setCaller] = useState<Caller | null>(null);
  const [tab, setTab] = useState('mine');
  const hasMissed = useApiHas('GET /api/intake/missed-calls');
  const hasKb = useApiHas('GET /api/intake/kb');
  const hasRevisits = useApiHas('GET /api/revisits');
  const defaults = caller ? { phone: caller.phone, name: caller.name ?? undefined, callId: caller.callId } : {};
  const callBack = (phone: string) => setCaller({ phone, contactId: null, name: null });
  return (
    <Box sx={{ mt: 1 }} data-testid="agent-workspace">
      <Title title={translate('app.menu.agent')} />
      <Grid container spacing={1.5}>
        <Grid size={{ xs: 12, md: 7 }}>
          <ScreenPop caller={caller} onCaller={setCaller} />
          <Card variant="outlined" sx={{ mt: 1.5 }}>
            <CardContent sx={{ pt: 1.5 }}>
              <Typography variant="subtitle1" fontWeight={600}>
                {translate('app.intake.title')}
              </Typography>
              <IntakeForm
                key={caller?.callId ?? caller?.phone ?? 'none'}
                defaults={defaults}
                onCreated={() => setCaller(null)}
                directAnswer={hasKb === true}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card variant="outlined">
            <Tabs value={tab} onChange={(_e, v: string) => setTab(v)} variant="scrollable" scrollButtons="auto">
              <Tab value="mine" label={translate('app.workspace.my_tickets')} />
              {hasMissed && (
                <Tab
                  value="missed"
                  label={<MissedBadge label={translate('app.workspace.missed_calls')} />}
                  data-testid="tab-missed"
                />
              )}
              {hasRevisits && (
                <Tab value="revisits" label={translate('app.workspace.revisits')} data-testid="tab-revisits" />
              )}
              {hasKb && <Tab value="kb" label={translate('app.workspace.kb')} />}
            </Tabs>
            <Box sx={{ maxHeight: 'calc(100vh - 170px)', overflowY: 'auto' }}>
              {tab === 'mine' && <MyTickets />}
              {tab === 'missed' && <MissedCalls onCall={callBack} />}
              {tab === 'revisits' && <PhoneRevisits />}
              {tab === 'kb' && <KbPanel />}
            </Box>
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
}
