import { BooleanInput, Create, Edit, required, SelectInput, SimpleForm, TextInput } from 'react-admin';

const CHANNELS = [
  { id: 'sms', name: 'enums.channel.sms' },
  { id: 'email', name: 'enums.channel.email' },
];

function Fields({ creating }: { creating: boolean }) {
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!creating} />
      <TextInput source="name" validate={required()} />
      <SelectInput source="channel" choices={CHANNELS} validate={required()} disabled={!creating} />
      <TextInput source="subject" fullWidth />
      <TextInput source="body" multiline minRows={3} validate={required()} fullWidth helperText="app.template.vars" />
      <TextInput source="confidentialBody" multiline fullWidth helperText="app.template.confidential" />
      <BooleanInput source="urgent" />
      <BooleanInput source="active" />
    </>
  );
}

export function TemplateEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 800 }}>
        <Fields creating={false} />
      </SimpleForm>
    </Edit>
  );
}

export function TemplateCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ channel: 'sms', active: true }} sx={{ maxWidth: 800 }}>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}
