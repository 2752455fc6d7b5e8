import { Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { useApiHas } from '../providers/capabilities.ts';
import { SuperviseButton } from '../supervision/SuperviseButton.tsx';
import { DispatchButton, QuickDispatchButton } from './actions/DispatchButton.tsx';

const CENTRE = ['dispatcher', 'supervisor', 'admin'];

/**
 * Ticket-level actions for the viewer's role; dispatch-level ones (sign, reply, review…) sit on each
 * dispatch round below. Each appears only when its API exists.
 */
export function TicketActions({ role }: { role?: string }) {
  const record = useRecordContext();
  const canDispatch = useApiHas('POST /api/tickets/{id}/dispatch');
  const canSupervise = useApiHas('POST /api/supervision');
  if (!record || !role) return null;
  const id = Number(record.id);
  return (
    <Stack direction="row" spacing={1}>
      {canDispatch && CENTRE.includes(role) && record.status === 'registered' && (
        <>
          <QuickDispatchButton ticketId={id} />
          <DispatchButton ticketId={id} categoryId={record.categoryId} />
        </>
      )}
      {canSupervise && role === 'supervisor' && !['closed', 'merged', 'registered'].includes(record.status) && (
        <SuperviseButton ticketId={id} title={record.title} />
      )}
    </Stack>
  );
}
