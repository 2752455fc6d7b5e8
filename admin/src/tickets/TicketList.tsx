import {
  BulkExportButton,
  CreateButton,
  DataTable,
  DateField,
  ExportButton,
  FilterButton,
  List,
  TextField,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { labelOf } from '../choices.ts';
import { CappedPagination } from '../common/CappedPagination.tsx';
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

const dateOpts = { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' } as const;

/** Every ticket the viewer may see: the API scopes units and clerks to their own. */
export function TicketList() {
  const { permissions: role } = usePermissions<string>();
  useLiveRefresh(['tickets']);
  return (
    <List
      filters={ticketFilters(role)}
      actions={<ListActions role={role} />}
      sort={{ field: 'id', order: 'DESC' }}
      exporter={ticketExporter}
      perPage={25}
      pagination={<CappedPagination />}
    >
      <DataTable rowClick="show" bulkActionButtons={<BulkExportButton />} size="small">
        <DataTable.Col source="ticketNo" />
        <DataTable.Col source="createdAt">
          <DateField source="createdAt" showTime options={dateOpts} />
        </DataTable.Col>
        <DataTable.Col source="channel" render={(r) => labelOf('channel', r.channel)} />
        <DataTable.Col source="type" render={(r) => labelOf('ticketType', r.type)} />
        <DataTable.Col source="priority">
          <PriorityField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <StatusField />
        </DataTable.Col>
        <DataTable.Col source="categoryName" disableSort />
        <DataTable.Col source="content" disableSort>
          <TextField
            source="content"
            sx={{ display: 'block', maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <DueField />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
