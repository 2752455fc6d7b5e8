import { DateTimeInput, required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 申请延期: before the deadline, with the date wanted and why. */
export function ExtensionButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.request_extension"
      path={`/dispatches/${id}/extension`}
      success="app.dispatch.done.request_extension"
      testId="request-extension"
      transform={(v) => ({ dueAt: new Date(String(v.dueAt)).toISOString(), reason: v.reason })}
      fields={
        <>
          <DateTimeInput source="dueAt" label="app.dispatch.field.extendTo" validate={required()} fullWidth />
          <TextInput
            source="reason"
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
