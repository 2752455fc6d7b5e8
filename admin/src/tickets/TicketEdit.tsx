import { AutocompleteInput, BooleanInput, Edit, ReferenceInput, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { choicesOf } from '../choices.ts';
import { CategoryPicker } from '../intake/CategoryPicker.tsx';

/** Correcting a ticket: the API records every change as an event and rejects a stale version (409). */
export function TicketEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm sx={{ maxWidth: 900 }}>
        <SelectInput source="type" choices={choicesOf('ticketType')} />
        <SelectInput source="priority" choices={choicesOf('priority')} />
        <CategoryPicker />
        <ReferenceInput source="districtId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} fullWidth />
        </ReferenceInput>
        <TextInput source="address" fullWidth />
        <TextInput source="title" fullWidth />
        <TextInput source="content" multiline minRows={4} fullWidth />
        <BooleanInput source="confidential" />
      </SimpleForm>
    </Edit>
  );
}
