import { BooleanField, BooleanInput, DataTable, DateField, List, SearchInput, TextInput } from 'react-admin';
import { beijingDate } from '../common/time.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="姓名、电话、邮箱" />,
  <TextInput key="phone" source="phone" />,
  <BooleanInput key="smsOptOut" source="smsOptOut" />,
];

export function ContactList() {
  return (
    <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
      <DataTable rowClick="show" size="small" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="phone" />
        <DataTable.Col source="email" />
        <DataTable.Col source="smsOptOut" disableSort>
          <BooleanField source="smsOptOut" />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <DateField source="createdAt" {...beijingDate} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
