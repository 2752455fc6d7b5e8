import { BooleanField, DataTable, List, SearchInput } from 'react-admin';

export function KbList() {
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'useCount', order: 'DESC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false} size="small">
        <DataTable.Col source="title" />
        <DataTable.Col source="answer" disableSort />
        <DataTable.Col source="useCount" />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
