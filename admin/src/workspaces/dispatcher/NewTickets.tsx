import { Box, Card, Stack, Typography } from '@mui/material';
import { DataTable, ListBase, type RaRecord, useTranslate } from 'react-admin';
import { labelOf } from '../../choices.ts';
import { CappedPagination } from '../../common/CappedPagination.tsx';
import { formatShort } from '../../common/time.ts';
import { useLiveRefresh } from '../../live/useLiveRefresh.ts';
import { DispatchButton, QuickDispatchButton } from '../../tickets/actions/DispatchButton.tsx';
import { PriorityField } from '../../tickets/StatusField.tsx';

// Narrower below MUI's xl (1536 px): on a 1366 desk the suggestion buttons need the room.
const clip = {
  maxWidth: { xs: 180, xl: 320 },
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  display: 'block',
} as const;

/** Registered tickets waiting for the centre, urgent first and oldest first within each, with their suggested unit. */
export function NewTickets() {
  const translate = useTranslate();
  useLiveRefresh(['tickets'], (t) => t.startsWith('ticket.') || t === 'dispatch.queue');
  return (
    <Card variant="outlined" data-testid="new-tickets">
      <Typography variant="subtitle1" fontWeight={600} sx={{ px: 2, pt: 1.5 }}>
        {translate('app.dispatcher.new_tickets')}
      </Typography>
      <ListBase
        resource="tickets"
        filter={{ status: 'registered' }}
        sort={{ field: 'priority', order: 'DESC' }}
        perPage={5}
        disableSyncWithLocation
        storeKey={false}
      >
        <Box sx={{ overflowX: 'auto' }}>
          <DataTable rowClick="show" bulkActionButtons={false} size="small">
            <DataTable.Col source="ticketNo" />
            <DataTable.Col source="createdAt" render={(r) => formatShort(r.createdAt)} />
            <DataTable.Col source="type" render={(r) => labelOf('ticketType', r.type)} />
            <DataTable.Col source="priority">
              <PriorityField />
            </DataTable.Col>
            <DataTable.Col
              source="content"
              disableSort
              render={(r) => (
                <Box component="span" sx={clip} title={r.content}>
                  {r.content}
                </Box>
              )}
            />
            <DataTable.Col
              label="app.dispatch.actions"
              disableSort
              render={(r) => (
                <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
                  <QuickDispatchButton ticketId={Number((r as RaRecord).id)} />
                  <DispatchButton ticketId={Number((r as RaRecord).id)} categoryId={r.categoryId} />
                </Stack>
              )}
            />
          </DataTable>
        </Box>
        <CappedPagination rowsPerPageOptions={[5, 10, 25]} />
      </ListBase>
    </Card>
  );
}
