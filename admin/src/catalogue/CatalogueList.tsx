import {
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  DataTable,
  DateField,
  List,
  ReferenceField,
  ReferenceInput,
} from 'react-admin';
import { beijingDate } from '../common/time.ts';

const filters = [
  <ReferenceInput key="categoryId" source="categoryId" reference="categories" alwaysOn>
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 260 }} />
  </ReferenceInput>,
  <ReferenceInput key="unitId" source="unitId" reference="units" alwaysOn>
    <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <BooleanInput key="active" source="active" />,
];

/** 权责清单: category × jurisdiction → responsible unit, with effective dates. */
export function CatalogueList() {
  return (
    <List filters={filters} sort={{ field: 'id', order: 'DESC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false} size="small">
        <DataTable.Col source="categoryId">
          <ReferenceField source="categoryId" reference="categories" link={false} />
        </DataTable.Col>
        <DataTable.Col source="jurisdictionId" label="resources.catalogue.fields.districtId">
          <ReferenceField source="jurisdictionId" reference="units" link={false} emptyText="全市" />
        </DataTable.Col>
        <DataTable.Col source="unitId">
          <ReferenceField source="unitId" reference="units" link={false} />
        </DataTable.Col>
        <DataTable.Col source="effectiveFrom">
          <DateField source="effectiveFrom" {...beijingDate} />
        </DataTable.Col>
        <DataTable.Col source="effectiveTo" disableSort>
          <DateField source="effectiveTo" emptyText="—" {...beijingDate} />
        </DataTable.Col>
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
