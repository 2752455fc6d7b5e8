import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  PasswordInput,
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
      <TextInput source="username" validate={required()} disabled={!creating} />
      <TextInput source="displayName" validate={required()} />
      <SelectInput source="role" choices={choicesOf('role')} validate={required()} />
      <ReferenceInput source="unitId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} fullWidth />
      </ReferenceInput>
      <TextInput source="extension" />
      <PasswordInput source="password" validate={creating ? required() : undefined} autoComplete="new-password" />
      <BooleanInput source="active" />
    </>
  );
}

/** Blank password on edit means "keep the current one". */
const dropEmptyPassword = (d: Record<string, unknown>) => {
  const { password, ...rest } = d;
  return password ? { ...rest, password } : rest;
};

export function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }} sx={{ maxWidth: 640 }}>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}

export function UserEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={dropEmptyPassword}>
      <SimpleForm sx={{ maxWidth: 640 }}>
        <Fields creating={false} />
      </SimpleForm>
    </Edit>
  );
}
