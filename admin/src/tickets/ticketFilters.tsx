import {
  AutocompleteInput,
  BooleanInput,
  DateInput,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
} from 'react-admin';
import { choicesOf } from '../choices.ts';

/** Filters shared by every ticket list: full-text search always on, the rest added on demand. */
export function ticketFilters(role: string | undefined) {
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="工单号、内容、地址" />,
    <SelectArrayInput
      key="status"
      source="status"
      choices={choicesOf('ticketStatus')}
      alwaysOn
      sx={{ minWidth: 160 }}
    />,
    <SelectInput key="type" source="type" choices={choicesOf('ticketType')} />,
    <SelectInput key="channel" source="channel" choices={choicesOf('channel')} />,
    <SelectInput key="priority" source="priority" choices={choicesOf('priority')} />,
    <ReferenceInput
      key="categoryId"
      source="categoryId"
      reference="categories"
      sort={{ field: 'sortOrder', order: 'ASC' }}
    >
      <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 260 }} />
    </ReferenceInput>,
    <BooleanInput key="overdue" source="overdue" />,
    <DateInput key="from" source="from" />,
    <DateInput key="to" source="to" />,
  ];
  if (role !== 'unit_staff') {
    filters.push(
      <ReferenceInput key="unitId" source="unitId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
      </ReferenceInput>,
      <BooleanInput key="mine" source="mine" />,
      <BooleanInput key="confidential" source="confidential" />,
    );
  }
  return filters;
}
