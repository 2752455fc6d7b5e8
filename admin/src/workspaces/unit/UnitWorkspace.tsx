import { Alert, Box, Stack, Typography } from '@mui/material';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { URGENCY_COLOR } from '../../common/time.ts';
import { DispatchQueues } from '../../dispatches/DispatchQueues.tsx';

function Legend() {
  const translate = useTranslate();
  const item = (color: string, key: string) => (
    <Stack direction="row" spacing={0.5} alignItems="center">
      <Box sx={{ width: 12, height: 12, bgcolor: color, borderRadius: 0.5 }} />
      <Typography variant="caption">{translate(key)}</Typography>
    </Stack>
  );
  return (
    <Stack direction="row" spacing={2}>
      {item(URGENCY_COLOR.ok, 'app.unit.legend_ok')}
      {item(URGENCY_COLOR.warn, 'app.unit.legend_warn')}
      {item(URGENCY_COLOR.overdue, 'app.unit.legend_overdue')}
    </Stack>
  );
}

/** The unit's desk: its dispatch queues coloured by time left, sign / reply / extend / return in the row. */
export function UnitWorkspace() {
  const translate = useTranslate();
  const { data: me } = useGetIdentity();
  return (
    <Box sx={{ mt: 1 }} data-testid="unit-workspace">
      <Title title={translate('app.menu.unit')} />
      <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 1 }}>
        <Typography variant="h6">{String(me?.unitName ?? '')}</Typography>
        <Legend />
      </Stack>
      <Alert severity="info" sx={{ mb: 1.5, py: 0 }}>
        {translate('app.unit.hint')}
      </Alert>
      <DispatchQueues testId="unit-queues" />
    </Box>
  );
}
