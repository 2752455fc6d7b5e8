import { Typography } from '@mui/material';
import { TextInput, useTranslate } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 撤回: withdraws the open question after a confirmation; the ticket's clocks run again. */
export function CancelInfoRequestButton({ id }: { id: number }) {
  const translate = useTranslate();
  return (
    <ActionDialog
      label="app.info.cancel"
      title="app.info.cancel_title"
      path={`/info-requests/${id}/cancel`}
      success="app.info.cancelled"
      color="error"
      variant="text"
      testId="info-request-cancel"
      invalidate={['tickets', 'dispatches', 'dispatch-queues', 'messages']}
      transform={(v) => {
        const reason = String(v.reason ?? '').trim();
        return reason ? { reason } : {};
      }}
      fields={
        <>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate('app.info.cancel_confirm')}
          </Typography>
          <TextInput source="reason" label="app.info.cancel_reason" multiline fullWidth />
        </>
      }
    />
  );
}
