import {
  AutocompleteInput,
  BooleanField,
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
} from 'react-admin';
import { choicesOf, labelOf } from '../choices.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={choicesOf('role')} alwaysOn />,
  <ReferenceInput key="unitId" source="unitId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
    <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
];

export function UserList() {
  return (
    <List filters={filters} sort={{ field: 'id', order: 'ASC' }}>
      <DataTable rowClick="edit" size="small" bulkActionButtons={false}>
        <DataTable.Col source="username" />
        <DataTable.Col source="displayName" />
        <DataTable.Col source="role" render={(r) => labelOf('role', r.role)} />
        <DataTable.Col source="unitId">
          <ReferenceField source="unitId" reference="units" link={false} />
        </DataTable.Col>
        <DataTable.Col source="extension" disableSort />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
