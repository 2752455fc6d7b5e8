import { AutocompleteInput, ReferenceInput, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** The centre decides a return: approve and re-dispatch to another unit, or override (the unit must handle it). */
export function DecideReturnButtons({ id }: { id: number }) {
  return (
    <>
      <ActionDialog
        label="app.dispatch.action.approve_return"
        path={`/dispatches/${id}/return-decision`}
        success="app.dispatch.done.approve_return"
        transform={(v) => ({ decision: 'approve', newUnitId: v.newUnitId ?? null, note: v.note ?? null })}
        testId="approve-return"
        fields={
          <>
            <ReferenceInput source="newUnitId" reference="units" sort={{ field: 'path', order: 'ASC' }}>
              <AutocompleteInput
                label="app.dispatch.field.newUnit"
                optionText="name"
                filterToQuery={(q: string) => ({ q })}
                fullWidth
              />
            </ReferenceInput>
            <TextInput source="note" label="app.dispatch.field.note" multiline fullWidth />
          </>
        }
      />
      <ActionDialog
        label="app.dispatch.action.override_return"
        path={`/dispatches/${id}/return-decision`}
        success="app.dispatch.done.override_return"
        color="warning"
        transform={(v) => ({ decision: 'override', note: v.note ?? null })}
        testId="override-return"
        fields={<TextInput source="note" label="app.dispatch.field.note" multiline fullWidth />}
      />
    </>
  );
}
