import {
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  DateInput,
  Edit,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  SimpleForm,
  TextInput,
} from 'react-admin';

const unitSort = { field: 'path', order: 'ASC' } as const;

function Fields() {
  return (
    <>
      <ReferenceInput source="categoryId" reference="categories" filter={{ isLeaf: true }}>
        <AutocompleteInput
          optionText="fullName"
          filterToQuery={(q: string) => ({ q })}
          validate={required()}
          fullWidth
        />
      </ReferenceInput>
      <ReferenceInput source="jurisdictionId" reference="units" sort={unitSort}>
        <AutocompleteInput
          label="resources.catalogue.fields.districtId"
          optionText="name"
          filterToQuery={(q: string) => ({ q })}
          fullWidth
        />
      </ReferenceInput>
      <ReferenceInput source="unitId" reference="units" sort={unitSort}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceArrayInput source="coUnitIds" reference="units" sort={unitSort}>
        <AutocompleteArrayInput
          label="app.dispatch.field.coUnits"
          optionText="name"
          filterToQuery={(q: string) => ({ q })}
          fullWidth
        />
      </ReferenceArrayInput>
      <DateInput source="effectiveFrom" />
      <DateInput source="effectiveTo" />
      <TextInput source="note" fullWidth />
      <BooleanInput source="active" />
    </>
  );
}

export function CatalogueCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true, coUnitIds: [] }} sx={{ maxWidth: 720 }}>
        <Fields />
        <BooleanInput source="replaceExisting" label="app.catalogue.replace" />
      </SimpleForm>
    </Create>
  );
}

export function CatalogueEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 720 }}>
        <Fields />
      </SimpleForm>
    </Edit>
  );
}
