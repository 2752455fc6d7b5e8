import { DataTable, ListBase, useTranslate } from 'react-admin';
import { CappedPagination } from '../../common/CappedPagination.tsx';
import { formatShort } from '../../common/time.ts';
import { useLiveRefresh } from '../../live/useLiveRefresh.ts';
import { DueField } from '../../tickets/DueField.tsx';
import { StatusField } from '../../tickets/StatusField.tsx';

interface Props {
  filter: Record<string, unknown>;
  perPage?: number;
  testId?: string;
  sortField?: string;
  order?: 'ASC' | 'DESC';
}

/** A compact ticket queue for a workspace panel; refreshes itself when a live event arrives. */
export function TicketQueue({ filter, perPage = 8, testId, sortField = 'id', order = 'DESC' }: Props) {
  useLiveRefresh(['tickets']);
  const translate = useTranslate();
  return (
    <ListBase
      resource="tickets"
      filter={filter}
      perPage={perPage}
      sort={{ field: sortField, order }}
      disableSyncWithLocation
      storeKey={false}
    >
      <div data-testid={testId}>
        <DataTable
          rowClick="show"
          size="small"
          bulkActionButtons={false}
          sx={{ '& .MuiTableCell-root': { whiteSpace: 'nowrap' } }}
          empty={<div style={{ padding: 12, color: '#777' }}>{translate('app.ticket.none')}</div>}
        >
          <DataTable.Col source="ticketNo" />
          <DataTable.Col source="createdAt" label="app.queue.created" render={(r) => formatShort(r.createdAt)} />
          <DataTable.Col source="status">
            <StatusField />
          </DataTable.Col>
          <DataTable.Col source="dueAt" label="app.queue.due">
            <DueField compact />
          </DataTable.Col>
        </DataTable>
        <CappedPagination rowsPerPageOptions={[]} />
      </div>
    </ListBase>
  );
}

/** First-asker responsibility: the agent follows what they registered to the end. */
export function MyTickets() {
  return <TicketQueue filter={{ mine: true }} testId="my-tickets" />;
}
