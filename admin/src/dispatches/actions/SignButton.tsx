import DrawIcon from '@mui/icons-material/Draw';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 签收: one click; the handling clock starts. */
export function SignButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.sign"
      path={`/dispatches/${id}/sign`}
      success="app.dispatch.done.sign"
      icon={<DrawIcon />}
      variant="contained"
      testId="sign"
    />
  );
}
