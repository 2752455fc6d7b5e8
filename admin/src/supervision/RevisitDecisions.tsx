import { Box, Stack, Typography } from '@mui/material';
import { ListBase, type RaRecord, required, TextInput, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { ActionDialog } from '../common/ActionDialog.tsx';
import { clippedFlexLine } from '../common/clip.ts';
import { ListRows } from '../common/ListRows.tsx';

function Row({ r }: { r: RaRecord }) {
  const translate = useTranslate();
  const inv = ['revisits', 'tickets', 'dispatches'];
  return (
    <Box sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Link to={`/tickets/${r.ticketId}/show`}>{r.ticketNo}</Link>
        <Typography variant="body2" noWrap title={r.title} sx={clippedFlexLine}>
          {r.title}
        </Typography>
        <Typography variant="caption" color="error">
          {translate(`enums.revisitResult.${r.result}`, { _: r.result ?? '' })}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {r.comment ?? ''}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        <ActionDialog
          label="app.revisit.rehandle"
          path={`/revisits/${r.id}/rehandle`}
          success="app.revisit.rehandled"
          variant="contained"
          invalidate={inv}
        />
        <ActionDialog
          label="app.revisit.rule"
          path={`/revisits/${r.id}/rule`}
          success="app.revisit.ruled"
          color="warning"
          invalidate={inv}
          fields={
            <TextInput source="reason" label="app.dispatch.field.reason" multiline validate={required()} fullWidth />
          }
        />
      </Stack>
    </Box>
  );
}

/** Dissatisfied revisits waiting for a supervisor: re-handle, or rule the dissatisfaction unreasonable. */
export function RevisitDecisions() {
  return (
    <ListBase
      resource="revisits"
      filter={{ queue: 'decision' }}
      perPage={10}
      sort={{ field: 'id', order: 'ASC' }}
      disableSyncWithLocation
      storeKey={false}
    >
      <Box data-testid="revisit-decisions">
        <ListRows row={(x) => <Row r={x} />} />
      </Box>
    </ListBase>
  );
}
