import { Box, Card, Stack, Typography } from '@mui/material';
import { ListBase, type RaRecord, required, TextInput, useTranslate } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';
import { ListRows } from '../../common/ListRows.tsx';
import { formatShort } from '../../common/time.ts';
import { useLiveRefresh } from '../../live/useLiveRefresh.ts';

function Row({ c }: { c: RaRecord }) {
  const translate = useTranslate();
  return (
    <Box sx={{ px: 2, py: 1, borderTop: 1, borderColor: 'divider' }} data-testid={`cluster-${c.id}`}>
      <Typography fontWeight={600} variant="body2">
        {c.title}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {c.place ?? ''} · {translate('app.dispatcher.members', { n: c.memberCount, p: c.pendingCount })} ·{' '}
        {formatShort(c.createdAt)}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        <ActionDialog
          label="app.dispatcher.confirm_cluster"
          path={`/intake/clusters/${c.id}/confirm`}
          success="app.dispatcher.cluster_confirmed"
          variant="contained"
          invalidate={['intake/clusters', 'tickets']}
        />
        <ActionDialog
          label="app.dispatcher.reject_cluster"
          path={`/intake/clusters/${c.id}/reject`}
          success="app.dispatcher.cluster_rejected"
          color="inherit"
          invalidate={['intake/clusters', 'tickets']}
          fields={<TextInput source="reason" label="app.dispatch.field.reason" validate={required()} fullWidth />}
        />
      </Stack>
    </Box>
  );
}

/** 群体事件: proposed clusters (same place and category within a day) for the dispatcher to confirm. */
export function Clusters() {
  const translate = useTranslate();
  useLiveRefresh(['intake/clusters'], (t) => t === 'ticket.created');
  return (
    <Card variant="outlined" data-testid="clusters">
      <Typography variant="subtitle1" fontWeight={600} sx={{ px: 2, pt: 1.5, pb: 1 }}>
        {translate('app.dispatcher.clusters')}
      </Typography>
      <ListBase
        resource="intake/clusters"
        filter={{ pending: true }}
        perPage={5}
        sort={{ field: 'id', order: 'DESC' }}
        disableSyncWithLocation
        storeKey={false}
      >
        <ListRows row={(x) => <Row c={x} />} emptySx={{ px: 2, pb: 1.5 }} />
      </ListBase>
    </Card>
  );
}
