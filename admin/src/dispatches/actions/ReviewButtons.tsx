import { required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** The centre reviews a unit's reply: accept (on to the revisit) or send it back with a reason. */
export function ReviewButtons({ id }: { id: number }) {
  return (
    <>
      <ActionDialog
        label="app.dispatch.action.accept_reply"
        path={`/dispatches/${id}/review`}
        success="app.dispatch.done.accept_reply"
        variant="contained"
        testId="accept-reply"
        transform={() => ({ decision: 'accept' })}
      />
      <ActionDialog
        label="app.dispatch.action.reject_reply"
        path={`/dispatches/${id}/review`}
        success="app.dispatch.done.reject_reply"
        color="warning"
        testId="reject-reply"
        transform={(v) => ({ decision: 'reject', reason: v.reason })}
        fields={
          <TextInput
            source="reason"
            label="app.dispatch.field.reason"
            multiline
            minRows={2}
            validate={required()}
            fullWidth
          />
        }
      />
    </>
  );
}
