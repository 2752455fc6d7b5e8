import {
  BooleanField,
  DataTable,
  EditButton,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { labelOf } from '../choices.ts';
import { formatDateTime } from '../common/time.ts';
import { StatusField } from '../tickets/StatusField.tsx';

/** A citizen and everything they ever asked (first-asker responsibility starts here). */
export function ContactShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <EditButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <TextField source="name" emptyText="—" />
        <TextField source="phone" emptyText="—" />
        <TextField source="email" emptyText="—" />
        <BooleanField source="smsOptOut" />
        <TextField source="note" emptyText="—" />
        <ReferenceManyField
          reference="tickets"
          target="contactId"
          label="app.workspace.history"
          sort={{ field: 'id', order: 'DESC' }}
        >
          <DataTable rowClick="show" size="small" bulkActionButtons={false}>
            <DataTable.Col source="ticketNo" />
            <DataTable.Col source="createdAt" render={(r) => formatDateTime(r.createdAt)} />
            <DataTable.Col source="type" render={(r) => labelOf('ticketType', r.type)} />
            <DataTable.Col source="status">
              <StatusField />
            </DataTable.Col>
            <DataTable.Col source="content" />
          </DataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
}
