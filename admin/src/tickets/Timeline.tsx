import { Box, Card, CardContent, ListItem, ListItemText, List as MuiList, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/time.ts';
import { eventSummary } from './eventSummary.ts';
import { useTicketEvents } from './useTicketEvents.ts';

const DOT: Record<string, string> = {
  ticket: '#1976d2',
  dispatch: '#9c27b0',
  sla: '#d32f2f',
  revisit: '#2e7d32',
  message: '#0288d1',
};

/** Every event of the ticket, oldest first, each with who, when and why. */
export function Timeline() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data, isPending, error } = useTicketEvents(record?.id);
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600}>
          {translate('app.ticket.timeline')}
        </Typography>
        {isPending && <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>}
        {error && <Typography color="error">{(error as Error).message}</Typography>}
        <MuiList dense data-testid="timeline">
          {(data ?? []).map((e) => (
            <ListItem key={e.id} alignItems="flex-start" sx={{ pl: 0 }} data-action={e.action}>
              <Box
                sx={{ width: 10, height: 10, borderRadius: '50%', mt: 1, mr: 1.5, flexShrink: 0 }}
                bgcolor={DOT[e.action.split('.')[0] ?? ''] ?? '#757575'}
              />
              <ListItemText
                primary={
                  <>
                    <b>{translate(`app.event.${e.action}`, { _: e.action })}</b>
                    {e.toStatus && e.toStatus !== e.fromStatus && (
                      <>
                        {' → '}
                        {translate(`enums.ticketStatus.${e.toStatus}`, {
                          _: translate(`enums.dispatchState.${e.toStatus}`, { _: e.toStatus }),
                        })}
                      </>
                    )}
                    <Typography component="span" color="text.secondary" sx={{ ml: 1, fontSize: 13 }}>
                      {formatDateTime(e.at)} ·{' '}
                      {e.actorName ?? translate(`app.actor.${e.actorKind}`, { _: e.actorKind })}
                    </Typography>
                  </>
                }
                secondary={eventSummary(e, translate) || null}
              />
            </ListItem>
          ))}
        </MuiList>
      </CardContent>
    </Card>
  );
}
