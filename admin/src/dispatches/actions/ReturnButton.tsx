import { required, SelectInput, TextInput } from 'react-admin';
import { choicesOf } from '../../choices.ts';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 申请退单: only within the sign window, with a reason code and text. */
export function ReturnButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.request_return"
      path={`/dispatches/${id}/return`}
      success="app.dispatch.done.request_return"
      color="warning"
      testId="request-return"
      fields={
        <>
          <SelectInput
            source="reasonCode"
            label="app.dispatch.field.reasonCode"
            choices={choicesOf('returnReason')}
            validate={required()}
            fullWidth
          />
          <TextInput
            source="reasonText"
            label="app.dispatch.field.reason"
            multiline
            minRows={2}
            validate={required()}
            fullWidth
          />
        </>
      }
    />
  );
}
