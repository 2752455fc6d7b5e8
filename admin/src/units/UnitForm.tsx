import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
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
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={choicesOf('unitKind')} validate={required()} />
      <ReferenceInput source="parentId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} fullWidth />
      </ReferenceInput>
      <TextInput source="leaderName" />
      <TextInput source="phone" />
      <BooleanInput source="active" />
    </>
  );
}

export function UnitCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }} sx={{ maxWidth: 640 }}>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}

export function UnitEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 640 }}>
        <Fields creating={false} />
      </SimpleForm>
    </Edit>
  );
}
