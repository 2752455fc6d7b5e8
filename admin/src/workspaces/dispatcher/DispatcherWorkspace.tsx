import { Box, Grid } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { DispatchQueues } from '../../dispatches/DispatchQueues.tsx';
import { useApiHas } from '../../providers/capabilities.ts';
import { Clusters } from './Clusters.tsx';
import { NewTickets } from './NewTickets.tsx';
import { WindowReviews } from './WindowReviews.tsx';

/**
 * The dispatcher's desk: new tickets with one-click dispatch on the suggestion, then the decisions the
 * centre owes (returns, extensions, replies), clusters to confirm and window reports to review.
 */
export function DispatcherWorkspace() {
  const translate = useTranslate();
  const hasClusters = useApiHas('GET /api/intake/clusters');
  const hasWindow = useApiHas('GET /api/intake/window-reports');
  return (
    <Box sx={{ mt: 1 }} data-testid="dispatcher-workspace">
      <Title title={translate('app.menu.dispatcher')} />
      <Grid container spacing={1.5}>
        <Grid size={12}>
          <NewTickets />
        </Grid>
        <Grid size={12}>
          <DispatchQueues />
        </Grid>
        {hasClusters && (
          <Grid size={{ xs: 12, md: 6 }}>
            <Clusters />
          </Grid>
        )}
        {hasWindow && (
          <Grid size={{ xs: 12, md: 6 }}>
            <WindowReviews />
          </Grid>
        )}
      </Grid>
    </Box>
  );
}
