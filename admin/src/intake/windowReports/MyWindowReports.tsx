import { Chip } from '@mui/material';
import { DataTable, ListBase, Pagination, type RaRecord, useCreatePath, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { formatShort } from '../../common/time.ts';

/** The clerk's own reports and where each stands (reviewed by the centre, ticket status). */
export function MyWindowReports() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  return (
    <ListBase
      resource="intake/window-reports"
      perPage={10}
      sort={{ field: 'id', order: 'DESC' }}
      disableSyncWithLocation
      storeKey={false}
    >
      <div data-testid="my-window-reports">
        <DataTable
          bulkActionButtons={false}
          size="small"
          // Short codes and dates on one line; only the service item may wrap in the half-width card.
          sx={{ '& th, & td': { whiteSpace: 'nowrap', px: 1 }, '& td.column-serviceItem': { whiteSpace: 'normal' } }}
          rowClick={(_id, _res, r) => {
            navigate(createPath({ resource: 'tickets', id: r.ticketId, type: 'show' }));
            return false;
          }}
        >
          <DataTable.Col source="ticketNo" label="resources.tickets.fields.ticketNo" disableSort />
          <DataTable.Col
            source="createdAt"
            label="resources.tickets.fields.createdAt"
            render={(r) => formatShort(r.createdAt)}
          />
          <DataTable.Col source="serviceItem" label="app.window.serviceItem" disableSort />
          <DataTable.Col
            source="reason"
            label="app.window.reason"
            disableSort
            render={(r) => translate(`enums.windowReason.${r.reason}`)}
          />
          <DataTable.Col
            source="reviewStatus"
            label="app.window.review"
            disableSort
            render={(r: RaRecord) =>
              r.reviewStatus === 'reviewed'
                ? translate(`enums.windowReviewOutcome.${r.reviewOutcome}`, { _: r.reviewOutcome })
                : translate('app.window.review_pending')
            }
          />
          <DataTable.Col
            source="ticketStatus"
            label="resources.tickets.fields.status"
            disableSort
            render={(r: RaRecord) => (
              <Chip size="small" label={translate(`enums.ticketStatus.${r.ticketStatus}`, { _: r.ticketStatus })} />
            )}
          />
        </DataTable>
        <Pagination rowsPerPageOptions={[]} />
      </div>
    </ListBase>
  );
}
