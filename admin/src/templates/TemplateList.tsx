import { BooleanField, DataTable, List, SearchInput, SelectInput } from 'react-admin';
import { choicesOf, labelOf } from '../choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput
    key="channel"
    source="channel"
    choices={choicesOf('channel').filter((c) => c.id === 'sms' || c.id === 'email')}
  />,
];

export function TemplateList() {
  return (
    <List filters={filters} sort={{ field: 'code', order: 'ASC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false} size="small">
        <DataTable.Col source="code" />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="channel" render={(r) => labelOf('channel', r.channel)} />
        <DataTable.Col source="body" disableSort />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
