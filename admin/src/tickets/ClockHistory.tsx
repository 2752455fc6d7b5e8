import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/time.ts';
import { type SlaClock, useTicketClocks } from './useTicketClocks.ts';

function Clock({ c }: { c: SlaClock }) {
  const translate = useTranslate();
  const moves = c.segments.filter((s) => s.kind !== 'started' && s.kind !== 'stopped');
  return (
    <Box sx={{ py: 1, borderTop: 1, borderColor: 'divider' }} data-testid={`clock-${c.kind}`}>
      <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
        <Typography fontWeight={600} variant="body2">
          {translate(`enums.clockKind.${c.kind}`, { _: c.kind })} · {c.limitText}
        </Typography>
        <Chip
          size="small"
          label={translate(`enums.clockStatus.${c.status}`, { _: c.status })}
          color={c.status === 'running' ? 'primary' : 'default'}
        />
        {c.overdue && <Chip size="small" color="error" label={translate('app.kpi.overdue')} />}
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate('app.clock.deadline')} {formatDateTime(c.dueAt)}
        {c.stoppedAt && ` · ${translate('app.clock.stopped', { at: formatDateTime(c.stoppedAt) })}`}
      </Typography>
      {moves.map((s) => (
        <Typography
          key={s.id}
          variant="caption"
          component="div"
          sx={{ pl: 1, borderLeft: 2, borderColor: 'warning.light' }}
        >
          {translate(`app.clock.segment.${s.kind}`, { _: s.kind })} {formatDateTime(s.at)}
          {s.oldDueAt !== s.newDueAt && `：${formatDateTime(s.oldDueAt)} → ${formatDateTime(s.newDueAt)}`}
          {s.reason ? `（${s.reason}）` : ''}
        </Typography>
      ))}
    </Box>
  );
}

/** 时限历史: every clock of the ticket and each time its deadline moved (pause, extension, re-handle, recompute). */
export function ClockHistory() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data } = useTicketClocks(record?.id);
  if (!data) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="clock-history">
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600}>
          {translate('app.ticket.clocks')}
        </Typography>
        {!data.length && <Typography color="text.secondary">{translate('app.ticket.none')}</Typography>}
        {data.map((c) => (
          <Clock key={c.id} c={c} />
        ))}
      </CardContent>
    </Card>
  );
}
