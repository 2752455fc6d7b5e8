import { Card, CardContent, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime, formatDuration, URGENCY_COLOR, urgencyOf } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';

interface Props {
  /** Overrides the ticket's dueAt, e.g. with the current SLA clock's deadline. */
  deadline?: string | null;
  label?: string;
  start?: string | null;
  /** The clock waits for the citizen since then: no ticking, the deadline moves when it resumes. */
  pausedAt?: string | null;
}

/** The current deadline, ticking every second, coloured by time left. */
export function Countdown({ deadline, label, start, pausedAt }: Props) {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const now = useNow(1000);
  const due = deadline ?? (record?.dueAt as string | null | undefined) ?? null;
  const closed = record?.status === 'closed' || record?.status === 'merged';
  const u = closed || pausedAt ? 'done' : urgencyOf(start ?? (record?.createdAt as string | undefined), due, now);
  const left = due ? new Date(due).getTime() - now : 0;
  return (
    <Card variant="outlined" data-testid="countdown" data-urgency={u}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {label ?? translate('app.ticket.countdown')}
        </Typography>
        {pausedAt && !closed ? (
          <>
            <Typography variant="h6" color="warning.main" data-testid="countdown-paused">
              {translate('app.info.paused')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('app.info.paused_since', { at: formatDateTime(pausedAt) })}
            </Typography>
          </>
        ) : !due || closed ? (
          <Typography variant="h6" color="text.secondary">
            {closed ? translate('enums.ticketStatus.closed') : translate('app.ticket.no_deadline')}
          </Typography>
        ) : (
          <>
            <Typography variant="h5" sx={{ color: URGENCY_COLOR[u], fontVariantNumeric: 'tabular-nums' }}>
              {left >= 0
                ? translate('app.ticket.left', { d: formatDuration(left) })
                : translate('app.ticket.overdue_by', { d: formatDuration(left) })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {formatDateTime(due)}
            </Typography>
          </>
        )}
      </CardContent>
    </Card>
  );
}
