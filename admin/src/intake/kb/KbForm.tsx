import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  ReferenceInput,
  required,
  SimpleForm,
  TextInput,
} from 'react-admin';

function Fields() {
  return (
    <>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="answer" multiline minRows={4} validate={required()} fullWidth />
      <TextInput source="keywords" fullWidth />
      <ReferenceInput source="categoryId" reference="categories">
        <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} fullWidth />
      </ReferenceInput>
      <BooleanInput source="active" />
    </>
  );
}

export function KbEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 800 }}>
        <Fields />
      </SimpleForm>
    </Edit>
  );
}

export function KbCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }} sx={{ maxWidth: 800 }}>
        <Fields />
      </SimpleForm>
    </Create>
  );
}
