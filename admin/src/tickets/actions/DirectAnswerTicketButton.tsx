import QuestionAnswerIcon from '@mui/icons-material/QuestionAnswer';
import { BooleanInput, required, TextInput } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/**
 * 直接答复办结 of a registered ticket already in the system (a consultation that came in by web or SMS): the
 * answer closes it without a dispatch and is sent to a citizen who wrote in. A ticket in a cluster offers to
 * answer the cluster's merged members too; the API refuses (409) to close a lead alone while it speaks for them.
 */
export function DirectAnswerTicketButton({ ticketId, inCluster }: { ticketId: number; inCluster: boolean }) {
  return (
    <ActionDialog
      label="app.workspace.direct_title"
      path={`/tickets/${ticketId}/direct-answer`}
      success="app.ticket.direct_done"
      icon={<QuestionAnswerIcon />}
      color="success"
      testId="ticket-direct-answer"
      invalidate={['tickets', 'messages', 'intake/clusters']}
      transform={(v) => ({ answer: String(v.answer ?? '').trim(), answerCluster: v.answerCluster === true })}
      defaultValues={{ answerCluster: false }}
      fields={
        <>
          <TextInput
            source="answer"
            label="app.ticket.direct_answer"
            helperText="app.ticket.direct_answer_help"
            multiline
            minRows={3}
            validate={required()}
            fullWidth
            autoFocus
          />
          {inCluster && <BooleanInput source="answerCluster" label="app.ticket.direct_cluster" helperText={false} />}
        </>
      }
    />
  );
}
