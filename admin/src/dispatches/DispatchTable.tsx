import { Chip, Stack } from '@mui/material';
import { DataTable, type RaRecord, useCreatePath, usePermissions, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { formatDuration, formatShort, URGENCY_COLOR } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';
import { SuperviseButton } from '../supervision/SuperviseButton.tsx';
import { BulkUrgeButton } from './BulkUrgeButton.tsx';
import { DispatchActions } from './DispatchActions.tsx';
import { currentDeadline, dispatchRowSx, dispatchUrgency } from './deadline.ts';

function Due({ d, now }: { d: RaRecord; now: number }) {
  const translate = useTranslate();
  const { due, kind } = currentDeadline(d);
  if (!due) return <span>—</span>;
  const u = dispatchUrgency(d, now);
  const left = new Date(due).getTime() - now;
  return (
    <span style={{ color: URGENCY_COLOR[u], whiteSpace: 'nowrap' }} data-urgency={u}>
      {translate(kind === 'sign' ? 'app.dispatch.signDue' : 'app.dispatch.handleDue')} {formatShort(due)}
      {u !== 'done' && <> · {left >= 0 ? `剩${formatDuration(left)}` : `超${formatDuration(left)}`}</>}
    </span>
  );
}

/**
 * Dispatches as a work queue: coloured by time left (green, amber in the last quarter, red overdue),
 * with the actions the viewer may take right in the row. A row click opens the ticket.
 */
export function DispatchTable({ showUnit = true, bulk = false }: { showUnit?: boolean; bulk?: boolean }) {
  const now = useNow(30_000);
  const translate = useTranslate();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const { permissions: role } = usePermissions<string>();
  return (
    <DataTable
      rowSx={dispatchRowSx(now)}
      rowClick={(_id, _res, r) => {
        navigate(createPath({ resource: 'tickets', id: r.ticketId, type: 'show' }));
        return false;
      }}
      bulkActionButtons={bulk && role !== 'unit_staff' ? <BulkUrgeButton /> : false}
      size="small"
    >
      <DataTable.Col source="ticketNo" label="resources.tickets.fields.ticketNo" disableSort />
      <DataTable.Col
        source="ticketTitle"
        label="resources.tickets.fields.title"
        disableSort
        render={(r) => (
          <Stack direction="row" spacing={0.5} alignItems="center">
            {r.ticketPriority === 'urgent' && (
              <Chip size="small" color="error" label={translate('enums.priority.urgent')} />
            )}
            <span
              style={{
                maxWidth: 220,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
                display: 'inline-block',
              }}
            >
              {r.ticketTitle}
            </span>
          </Stack>
        )}
      />
      {showUnit && <DataTable.Col source="unitName" label="resources.dispatches.fields.unitId" disableSort />}
      <DataTable.Col
        source="status"
        label="resources.dispatches.fields.state"
        render={(r) => (
          <Stack direction="row" spacing={0.5}>
            <Chip size="small" label={r.statusLabel ?? r.status} />
            {r.extensionStatus && (
              <Chip size="small" color="warning" label={translate(`enums.extensionState.${r.extensionStatus}`)} />
            )}
            {r.urgeCount > 0 && (
              <Chip
                size="small"
                color="error"
                variant="outlined"
                label={translate('app.dispatch.urged', { n: r.urgeCount })}
              />
            )}
          </Stack>
        )}
      />
      <DataTable.Col source="deadline" label="app.queue.due" render={(r) => <Due d={r as RaRecord} now={now} />} />
      <DataTable.Col
        label="app.dispatch.actions"
        disableSort
        render={(r) => (
          <DispatchActions
            record={r as RaRecord}
            extra={
              role === 'supervisor' && r.overdue ? (
                <SuperviseButton ticketId={r.ticketId} title={r.ticketTitle} />
              ) : undefined
            }
          />
        )}
      />
    </DataTable>
  );
}
