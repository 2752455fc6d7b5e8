import { Box, Card, CardContent, Grid, Tab, Tabs, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { IntakeForm } from '../../intake/IntakeForm.tsx';
import { MyTickets } from './MyTickets.tsx';
import { type Caller, ScreenPop } from './ScreenPop.tsx';

/**
 * The call workspace: screen pop on top, the intake form under it, and the agent's queues beside it.
 * Built for one screen at 1366×768 without scrolling during a call.
 */
export function AgentWorkspace() {
  const translate = useTranslate();
  const [caller, setCaller] = useState<Caller | null>(null);
  const [tab, setTab] = useState(0);
  const defaults = caller ? { phone: caller.phone, name: caller.name ?? undefined, callId: caller.callId } : {};
  return (
    <Box sx={{ mt: 1 }} data-testid="agent-workspace">
      <Title title={translate('app.menu.agent')} />
      <Grid container spacing={1.5}>
        <Grid size={{ xs: 12, md: 7 }}>
          <ScreenPop caller={caller} onCaller={setCaller} />
          <Card variant="outlined" sx={{ mt: 1.5 }}>
            <CardContent>
              <Typography variant="subtitle1" fontWeight={600}>
                {translate('app.intake.title')}
              </Typography>
              <IntakeForm
                key={caller?.callId ?? caller?.phone ?? 'none'}
                defaults={defaults}
                onCreated={() => setCaller(null)}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card variant="outlined">
            <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} variant="scrollable">
              <Tab label={translate('app.workspace.my_tickets')} />
            </Tabs>
            {tab === 0 && <MyTickets />}
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
}
