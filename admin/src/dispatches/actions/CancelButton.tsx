import { required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 撤销派单 (centre). */
export function CancelButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.cancel"
      path={`/dispatches/${id}/cancel`}
      success="app.dispatch.done.cancel"
      color="error"
      variant="text"
      testId="cancel-dispatch"
      fields={<TextInput source="reason" label="app.dispatch.field.reason" multiline validate={required()} fullWidth />}
    />
  );
}
