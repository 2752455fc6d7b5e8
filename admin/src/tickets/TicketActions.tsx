import { Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { useApiHas } from '../providers/capabilities.ts';
import { SuperviseButton } from '../supervision/SuperviseButton.tsx';
import { DirectAnswerTicketButton } from './actions/DirectAnswerTicketButton.tsx';
import { DispatchButton, QuickDispatchButton } from './actions/DispatchButton.tsx';
import { InfoRequestButton } from './actions/InfoRequestButton.tsx';
import { INFO_REQUEST_ROLES, useInfoRequests } from './useInfoRequests.ts';

const CENTRE = ['dispatcher', 'supervisor', 'admin'];
/** Who may close a ticket as a direct answer (the API's roles). */
const ANSWERERS = ['agent', 'dispatcher', 'supervisor'];
/** The citizen can still be asked while the matter is unanswered (the API refuses later states with 409). */
const ASKABLE = ['registered', 'dispatched', 'handling'];

/**
 * Ticket-level actions for the viewer's role; dispatch-level ones (sign, reply, review…) sit on each
 * dispatch round below. Each appears only when its API exists.
 */
export function TicketActions({ role }: { role?: string }) {
  const record = useRecordContext();
  const canDispatch = useApiHas('POST /api/tickets/{id}/dispatch');
  const canSupervise = useApiHas('POST /api/supervision');
  const canAskCitizen = useApiHas('POST /api/tickets/{id}/info-requests');
  const canAnswer = useApiHas('POST /api/tickets/{id}/direct-answer');
  const { data: infoRequests } = useInfoRequests(record?.id);
  if (!record || !role) return null;
  const id = Number(record.id);
  const finished = ['closed', 'merged'].includes(record.status);
  const askingCitizen = infoRequests?.some((r) => r.status === 'open') ?? false;
  return (
    <Stack direction="row" spacing={1}>
      {canDispatch && CENTRE.includes(role) && record.status === 'registered' && (
        <>
          <QuickDispatchButton ticketId={id} />
          <DispatchButton ticketId={id} categoryId={record.categoryId} />
        </>
      )}
      {canAnswer && ANSWERERS.includes(role) && record.status === 'registered' && (
        <DirectAnswerTicketButton ticketId={id} inCluster={record.clusterId != null} />
      )}
      {canSupervise && role === 'supervisor' && !finished && record.status !== 'registered' && (
        <SuperviseButton ticketId={id} title={record.title} />
      )}
      {canAskCitizen && INFO_REQUEST_ROLES.includes(role) && ASKABLE.includes(record.status) && !askingCitizen && (
        <InfoRequestButton ticketId={id} />
      )}
    </Stack>
  );
}
