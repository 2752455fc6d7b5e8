import { AutocompleteInput, ReferenceInput, required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 转派: the centre to any unit; a unit only down to its own sub-units (the API checks). */
export function TransferButton({ id, unitFilter }: { id: number; unitFilter?: Record<string, unknown> }) {
  return (
    <ActionDialog
      label="app.dispatch.action.transfer"
      path={`/dispatches/${id}/transfer`}
      success="app.dispatch.done.transfer"
      testId="transfer"
      fields={
        <>
          <ReferenceInput source="unitId" reference="units" filter={unitFilter} sort={{ field: 'path', order: 'ASC' }}>
            <AutocompleteInput
              label="app.dispatch.field.newUnit"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
              validate={required()}
              fullWidth
            />
          </ReferenceInput>
          <TextInput source="reason" label="app.dispatch.field.reason" multiline validate={required()} fullWidth />
        </>
      }
    />
  );
}
