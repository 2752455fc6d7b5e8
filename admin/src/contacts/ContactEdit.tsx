import { BooleanInput, Edit, SimpleForm, TextInput } from 'react-admin';

export function ContactEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm sx={{ maxWidth: 640 }}>
        <TextInput source="name" />
        <TextInput source="email" />
        <BooleanInput source="smsOptOut" />
        <TextInput source="note" multiline fullWidth />
      </SimpleForm>
    </Edit>
  );
}
