import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/time.ts';
import { useLiveRefresh } from '../live/useLiveRefresh.ts';
import { useApiHas } from '../providers/capabilities.ts';
import { CancelInfoRequestButton } from './actions/CancelInfoRequestButton.tsx';
import { INFO_REQUEST_ROLES, type InfoRequest, type InfoRequestStatus, useInfoRequests } from './useInfoRequests.ts';

const COLOR: Record<InfoRequestStatus, 'warning' | 'success' | 'default'> = {
  open: 'warning',
  answered: 'success',
  expired: 'default',
  cancelled: 'default',
};

function Row({ r, canCancel }: { r: InfoRequest; canCancel: boolean }) {
  const translate = useTranslate();
  const facts = [
    translate('app.info.requested_at', { at: formatDateTime(r.requestedAt) }),
    translate('app.info.due_at', { at: formatDateTime(r.dueAt) }),
    r.answeredAt && translate('app.info.answered_at', { at: formatDateTime(r.answeredAt) }),
    r.requestedByName && translate('app.info.by', { name: r.requestedByName }),
  ].filter(Boolean);
  return (
    <Box
      sx={{ py: 1, borderTop: 1, borderColor: 'divider' }}
      data-testid={`info-request-${r.id}`}
      data-status={r.status}
    >
      <Stack direction="row" spacing={1} alignItems="center">
        <Chip
          size="small"
          color={COLOR[r.status] ?? 'default'}
          label={translate(`enums.infoRequestStatus.${r.status}`, { _: r.status })}
        />
        <Box sx={{ flexGrow: 1 }} />
        {canCancel && r.status === 'open' && <CancelInfoRequestButton id={r.id} />}
      </Stack>
      <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
        {r.question}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {facts.join(' · ')}
      </Typography>
      {r.status === 'answered' && r.answerText && (
        <Box sx={{ mt: 0.5, pl: 1, borderLeft: 2, borderColor: 'success.light' }}>
          <Typography variant="caption" color="text.secondary">
            {translate('app.info.answer')}
          </Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-testid="info-answer">
            {r.answerText}
          </Typography>
        </Box>
      )}
    </Box>
  );
}

/** 补充材料: every question put to the citizen about this ticket, newest first, with 撤回 on the open one. */
export function InfoRequests() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions: role } = usePermissions<string>();
  const canCancelApi = useApiHas('POST /api/info-requests/{id}/cancel');
  const { data, available, error } = useInfoRequests(record?.id);
  // The citizen's answer arrives by SMS or e-mail: the whole page (status, clocks, timeline) follows.
  useLiveRefresh(['tickets'], (t) => t === 'ticket.info_provided');
  if (!available || error || !data) return null;
  const canCancel = canCancelApi === true && !!role && INFO_REQUEST_ROLES.includes(role);
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="info-requests">
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600} gutterBottom>
          {translate('app.info.title')}
        </Typography>
        {!data.length && (
          <Typography color="text.secondary" variant="body2">
            {translate('app.ticket.none')}
          </Typography>
        )}
        {data.map((r) => (
          <Row key={r.id} r={r} canCancel={canCancel} />
        ))}
      </CardContent>
    </Card>
  );
}
