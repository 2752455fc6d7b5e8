import { Box, type Theme, useMediaQuery } from '@mui/material';
import {
  BulkExportButton,
  CreateButton,
  DataTable,
  ExportButton,
  FilterButton,
  List,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { labelOf } from '../choices.ts';
import { CappedPagination } from '../common/CappedPagination.tsx';
import { formatDateTime, formatShort } from '../common/time.ts';
import { useLiveRefresh } from '../live/useLiveRefresh.ts';
import { DueField } from './DueField.tsx';
import { ExcelExportButton } from './ExcelExportButton.tsx';
import { ticketExporter } from './exporter.ts';
import { PriorityField, StatusField } from './StatusField.tsx';
import { ticketFilters } from './ticketFilters.tsx';

const CREATORS = ['agent', 'dispatcher', 'supervisor', 'admin'];

function ListActions({ role }: { role?: string }) {
  return (
    <TopToolbar>
      <FilterButton />
      {role && CREATORS.includes(role) && <CreateButton />}
      <ExportButton maxResults={500} />
      <ExcelExportButton />
    </TopToolbar>
  );
}

/** The last level of "城乡建设 › 市政设施 › 路灯", for narrow screens (the whole path is its tooltip). */
const leafOf = (fullName: string) => fullName.split(' › ').pop() ?? fullName;

const ellipsis = { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

/** A tooltip is for a glance: the ticket page has the whole text. */
const clip = (text: string | null | undefined) =>
  text && text.length > 300 ? `${text.slice(0, 300)}…` : (text ?? undefined);

/** Every ticket the viewer may see: the API scopes units and clerks to their own. */
export function TicketList() {
  const { permissions: role } = usePermissions<string>();
  useLiveRefresh(['tickets']);
  // Below 1536 px (a 1366 or 1440 agent screen) the columns take their short forms so that a row stays one
  // line: Chinese text may break after any character, and squeezed columns wrapped one character a line.
  const wide = useMediaQuery((t: Theme) => t.breakpoints.up('xl'));
  return (
    <List
      filters={ticketFilters(role)}
      actions={<ListActions role={role} />}
      sort={{ field: 'id', order: 'DESC' }}
      exporter={ticketExporter}
      perPage={25}
      pagination={<CappedPagination />}
    >
      <DataTable
        rowClick="show"
        bulkActionButtons={<BulkExportButton />}
        size="small"
        sx={{ '& .MuiTableCell-root': { whiteSpace: 'nowrap' } }}
      >
        <DataTable.Col source="ticketNo" />
        <DataTable.Col
          source="createdAt"
          render={(r) => (
            <span title={formatDateTime(r.createdAt)}>
              {wide ? formatDateTime(r.createdAt) : formatShort(r.createdAt)}
            </span>
          )}
        />
        <DataTable.Col source="channel" render={(r) => labelOf('channel', r.channel)} />
        <DataTable.Col source="type" render={(r) => labelOf('ticketType', r.type)} />
        <DataTable.Col source="priority">
          <PriorityField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <StatusField />
        </DataTable.Col>
        <DataTable.Col
          source="categoryName"
          disableSort
          render={(r) =>
            r.categoryName ? (
              <Box component="span" title={r.categoryName} sx={{ ...ellipsis, maxWidth: wide ? 280 : 120 }}>
                {wide ? r.categoryName : leafOf(r.categoryName)}
              </Box>
            ) : (
              '—'
            )
          }
        />
        <DataTable.Col
          source="content"
          disableSort
          render={(r) => (
            <Box component="span" title={clip(r.content)} sx={{ ...ellipsis, maxWidth: wide ? 360 : 160 }}>
              {r.content}
            </Box>
          )}
        />
        <DataTable.Col source="dueAt">
          <DueField compact={!wide} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
