import { AutocompleteInput, List, ReferenceInput, SelectArrayInput, SelectInput, usePermissions } from 'react-admin';
import { choicesOf } from '../choices.ts';
import { useLiveRefresh } from '../live/useLiveRefresh.ts';
import { DispatchTable } from './DispatchTable.tsx';

const QUEUES = ['to_sign', 'to_handle', 'due_soon', 'overdue', 'returns', 'extensions', 'replies', 'open'].map(
  (id) => ({
    id,
    name: `app.dispatch.queue.${id}`,
  }),
);

/** All dispatch records the viewer may see, filterable by queue, state, unit and role. */
export function DispatchList() {
  const { permissions: role } = usePermissions<string>();
  useLiveRefresh(['dispatches']);
  const filters = [
    <SelectInput key="queue" source="queue" label="app.dispatch.queue_label" choices={QUEUES} alwaysOn />,
    <SelectArrayInput
      key="status"
      source="status"
      label="resources.dispatches.fields.state"
      choices={choicesOf('dispatchState')}
    />,
    <SelectInput
      key="role"
      source="role"
      label="resources.dispatches.fields.role"
      choices={choicesOf('dispatchRole')}
    />,
  ];
  if (role !== 'unit_staff') {
    filters.push(
      <ReferenceInput key="unitId" source="unitId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
        <AutocompleteInput
          label="resources.dispatches.fields.unitId"
          optionText="name"
          filterToQuery={(q: string) => ({ q })}
          sx={{ minWidth: 220 }}
        />
      </ReferenceInput>,
    );
  }
  return (
    <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={false}>
      <DispatchTable bulk />
    </List>
  );
}
