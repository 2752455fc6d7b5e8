import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { type RaRecord, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/time.ts';
import { DispatchActions } from '../dispatches/DispatchActions.tsx';
import { useApiHas } from '../providers/capabilities.ts';
import { ClockHistory } from './ClockHistory.tsx';
import { DueField } from './DueField.tsx';
import { InfoRequests } from './InfoRequests.tsx';
import { RelatedSection } from './RelatedSection.tsx';

const dt = (v: unknown) => formatDateTime(typeof v === 'string' ? v : null);

function Round({ d }: { d: RaRecord }) {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 1, borderTop: 1, borderColor: 'divider' }} data-testid={`dispatch-${d.id}`} data-status={d.status}>
      <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
        <Typography fontWeight={600}>{d.unitName}</Typography>
        <Chip size="small" label={`${translate('resources.dispatches.fields.round')} ${d.round}`} />
        <Chip size="small" variant="outlined" label={translate(`enums.dispatchRole.${d.role}`)} />
        <Chip size="small" color="primary" label={d.statusLabel ?? d.status} />
        {d.extensionStatus && (
          <Chip size="small" color="warning" label={translate(`enums.extensionState.${d.extensionStatus}`)} />
        )}
        {d.deemedSigned && <Chip size="small" color="error" label={translate('app.dispatch.deemed')} />}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {translate('app.dispatch.handleDue')}：
        <DueField
          source="handleDueAt"
          startSource="signedAt"
          record={d}
          doneWhen={(r) => !!r.closedAt || r.status === 'replied'}
        />
      </Typography>
      {d.latestReply && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {translate('app.dispatch.latest_reply', {
            text: String((d.latestReply as Record<string, unknown>).publicText ?? ''),
          })}
        </Typography>
      )}
      <Box sx={{ mt: 0.5 }}>
        <DispatchActions record={d} />
      </Box>
    </Box>
  );
}

/** Every dispatch round of the ticket with what the viewer can do on each. */
function Rounds({ ticketId }: { ticketId: number }) {
  const translate = useTranslate();
  const available = useApiHas('GET /api/dispatches');
  const { data } = useGetList(
    'dispatches',
    { filter: { ticketId }, sort: { field: 'id', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: available === true },
  );
  if (!available || !data) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="dispatch-rounds">
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600}>
          {translate('app.ticket.dispatches')}
        </Typography>
        {!data.length && <Typography color="text.secondary">{translate('app.ticket.none')}</Typography>}
        {data.map((d) => (
          <Round key={d.id} d={d} />
        ))}
      </CardContent>
    </Card>
  );
}

/** Dispatch rounds, questions to the citizen, deadline history, messages and revisits of the ticket, each from its own API. */
export function TicketRelated() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const filter = { ticketId: record.id };
  const t = (k: string, v: unknown) => (v ? translate(k, { _: String(v) }) : '');
  return (
    <>
      <Rounds ticketId={Number(record.id)} />
      <InfoRequests />
      <ClockHistory />
      <RelatedSection
        resource="messages"
        title="app.ticket.messages"
        filter={filter}
        columns={[
          { label: 'resources.messages.fields.createdAt', render: (r) => dt(r.createdAt) },
          { label: 'resources.messages.fields.channel', render: (r) => t(`enums.channel.${r.channel}`, r.channel) },
          {
            label: 'resources.messages.fields.direction',
            render: (r) => t(`enums.messageDirection.${r.direction}`, r.direction),
          },
          { label: 'resources.messages.fields.body', render: (r) => r.body, wide: true },
          { label: 'resources.messages.fields.status', render: (r) => t(`enums.messageStatus.${r.status}`, r.status) },
        ]}
      />
      <RelatedSection
        resource="revisits"
        title="app.ticket.revisits"
        filter={filter}
        columns={[
          { label: 'resources.revisits.fields.dueAt', render: (r) => dt(r.dueAt) },
          { label: 'resources.revisits.fields.status', render: (r) => t(`enums.revisitStatus.${r.status}`, r.status) },
          { label: 'resources.revisits.fields.result', render: (r) => t(`enums.revisitResult.${r.result}`, r.result) },
          { label: 'resources.revisits.fields.comment', render: (r) => r.comment, wide: true },
        ]}
      />
    </>
  );
}
