import { DateTimeInput, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

const iso = (v: unknown) => (v ? new Date(String(v)).toISOString() : null);

/** The centre approves an extension (possibly to another date) or rejects it. */
export function DecideExtensionButtons({ id }: { id: number }) {
  return (
    <>
      <ActionDialog
        label="app.dispatch.action.approve_extension"
        path={`/dispatches/${id}/extension-decision`}
        success="app.dispatch.done.approve_extension"
        testId="approve-extension"
        transform={(v) => ({ decision: 'approve', dueAt: iso(v.dueAt), note: v.note ?? null })}
        fields={
          <>
            <DateTimeInput source="dueAt" label="app.dispatch.field.otherDate" fullWidth />
            <TextInput source="note" label="app.dispatch.field.note" multiline fullWidth />
          </>
        }
      />
      <ActionDialog
        label="app.dispatch.action.reject_extension"
        path={`/dispatches/${id}/extension-decision`}
        success="app.dispatch.done.reject_extension"
        color="warning"
        testId="reject-extension"
        transform={(v) => ({ decision: 'reject', note: v.note ?? null })}
        fields={<TextInput source="note" label="app.dispatch.field.note" multiline fullWidth />}
      />
    </>
  );
}
