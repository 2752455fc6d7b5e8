import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
} from 'react-admin';
import { choicesOf } from '../choices.ts';

function Fields({ creating }: { creating: boolean }) {
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!creating} />
      <TextInput source="name" validate={required()} />
      {creating && (
        <ReferenceInput source="parentId" reference="categories" filter={{ isLeaf: false }}>
          <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} fullWidth />
        </ReferenceInput>
      )}
      <SelectInput source="defaultType" choices={choicesOf('ticketType')} />
      <NumberInput source="handleDays" min={0} />
      <NumberInput source="signHours" min={0} />
      <TextInput source="keywords" fullWidth />
      <NumberInput source="sortOrder" />
      <BooleanInput source="active" />
    </>
  );
}

export function CategoryCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }} sx={{ maxWidth: 640 }}>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}

export function CategoryEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 640 }}>
        <Fields creating={false} />
      </SimpleForm>
    </Edit>
  );
}
