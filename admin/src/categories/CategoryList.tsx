import { BooleanField, BooleanInput, DataTable, List, SearchInput, SelectInput } from 'react-admin';
import { choicesOf, labelOf } from '../choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="isLeaf" source="isLeaf" />,
  <BooleanInput key="active" source="active" />,
  <SelectInput key="defaultType" source="defaultType" choices={choicesOf('ticketType')} />,
];

export function CategoryList() {
  return (
    <List filters={filters} sort={{ field: 'sortOrder', order: 'ASC' }} perPage={50}>
      <DataTable rowClick="edit" size="small" bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="fullName" />
        <DataTable.Col source="defaultType" render={(r) => labelOf('ticketType', r.defaultType)} disableSort />
        <DataTable.Col source="handleDays" disableSort />
        <DataTable.Col source="signHours" disableSort />
        <DataTable.Col source="isLeaf" disableSort>
          <BooleanField source="isLeaf" />
        </DataTable.Col>
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
