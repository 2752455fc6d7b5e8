import AlarmIcon from '@mui/icons-material/Alarm';
import { required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 催办: the unit is notified and the urging counted. */
export function UrgeButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.urge"
      path={`/dispatches/${id}/urge`}
      success="app.dispatch.done.urge"
      color="warning"
      icon={<AlarmIcon />}
      testId="urge"
      defaultValues={{ message: '请抓紧办理' }}
      fields={<TextInput source="message" label="app.dispatch.field.message" validate={required()} fullWidth />}
    />
  );
}
