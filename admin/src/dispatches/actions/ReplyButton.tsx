import ReplyIcon from '@mui/icons-material/Reply';
import { ArrayInput, RadioButtonGroupInput, required, SimpleFormIterator, TextInput } from 'react-admin';
import { choicesOf } from '../../choices.ts';
import { ActionDialog } from '../../common/ActionDialog.tsx';

/** 办结回复: the result, the text the citizen will read, internal notes and attachments (name + link). */
export function ReplyButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.dispatch.action.reply"
      path={`/dispatches/${id}/reply`}
      success="app.dispatch.done.reply"
      icon={<ReplyIcon />}
      variant="contained"
      testId="reply"
      defaultValues={{ result: 'resolved', attachments: [] }}
      fields={
        <>
          <RadioButtonGroupInput
            source="result"
            label="app.dispatch.field.result"
            choices={choicesOf('replyResult')}
            validate={required()}
            row
          />
          <TextInput
            source="publicText"
            label="app.dispatch.field.publicText"
            multiline
            minRows={3}
            validate={required()}
            fullWidth
          />
          <TextInput source="internalNotes" label="app.dispatch.field.internalNotes" multiline fullWidth />
          <ArrayInput source="attachments" label="app.dispatch.field.attachments">
            <SimpleFormIterator inline disableReordering>
              <TextInput
                source="name"
                label="app.dispatch.field.attachmentName"
                helperText={false}
                validate={required()}
              />
              <TextInput
                source="url"
                label="app.dispatch.field.attachmentUrl"
                helperText={false}
                validate={required()}
              />
            </SimpleFormIterator>
          </ArrayInput>
        </>
      }
    />
  );
}
