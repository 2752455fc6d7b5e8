import GavelIcon from '@mui/icons-material/Gavel';
import { NumberInput, required, TextInput } from 'react-admin';
import { ActionDialog } from '../common/ActionDialog.tsx';

/** 立督办: a supervision case over a ticket with its own deadline, escalated to the unit's leader when missed. */
export function SuperviseButton({ ticketId, title }: { ticketId: number; title?: string }) {
  return (
    <ActionDialog
      label="app.supervisor.open_case"
      path="/supervision"
      success="app.supervisor.case_opened"
      color="error"
      icon={<GavelIcon />}
      testId="open-supervision"
      invalidate={['supervision', 'dispatches', 'tickets']}
      defaultValues={{ title: title ? `督办：${title}` : '督办', workingDays: 3 }}
      transform={(v) => ({ title: v.title, reason: v.reason, ticketIds: [ticketId], workingDays: v.workingDays })}
      fields={
        <>
          <TextInput source="title" label="app.supervisor.case_title" validate={required()} fullWidth />
          <TextInput
            source="reason"
            label="app.supervisor.case_reason"
            multiline
            minRows={2}
            validate={required()}
            fullWidth
          />
          <NumberInput source="workingDays" label="app.supervisor.case_days" min={1} max={60} />
        </>
      }
    />
  );
}
