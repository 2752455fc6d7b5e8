import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import { required, TextInput, type Validator } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

const MIN = 5;
const MAX = 500;

/** Counts what the citizen will read: surrounding blanks do not make a question long enough. */
const questionLength: Validator = (value: unknown) => {
  const n = typeof value === 'string' ? value.trim().length : 0;
  if (n > 0 && n < MIN) return { message: 'ra.validation.minLength', args: { min: MIN } };
  if (n > MAX) return { message: 'ra.validation.maxLength', args: { max: MAX } };
  return undefined;
};

/** 请市民补充: puts a question to the citizen (SMS or e-mail); the ticket's clocks pause until the answer. */
export function InfoRequestButton({ ticketId }: { ticketId: number }) {
  return (
    <ActionDialog
      label="app.info.request"
      title="app.info.request_title"
      path={`/tickets/${ticketId}/info-requests`}
      success="app.info.requested"
      icon={<HelpOutlineIcon />}
      testId="info-request-open"
      invalidate={['tickets', 'dispatches', 'dispatch-queues', 'messages']}
      transform={(v) => ({ question: String(v.question ?? '').trim() })}
      fields={
        <TextInput
          source="question"
          label="app.info.question"
          helperText="app.info.question_help"
          multiline
          minRows={3}
          validate={[required(), questionLength]}
          fullWidth
          autoFocus
        />
      }
    />
  );
}
