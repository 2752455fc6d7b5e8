import { Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { clippedFlexLine } from '../../common/clip.ts';
import { formatShort } from '../../common/time.ts';
import { TicketQueue } from './MyTickets.tsx';
import type { Caller } from './ScreenPop.tsx';

export interface TicketSummary {
  id: number;
  ticketNo: string;
  title: string;
  status: string;
  type: string;
  createdAt: string;
  dueAt: string | null;
}

function Row({ t }: { t: TicketSummary }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ py: 0.25 }}>
      <Link to={`/tickets/${t.id}/show`}>{t.ticketNo}</Link>
      <Chip size="small" label={translate(`enums.ticketStatus.${t.status}`, { _: t.status })} />
      <Typography variant="body2" noWrap title={t.title} sx={clippedFlexLine}>
        {t.title}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {formatShort(t.createdAt)}
      </Typography>
    </Stack>
  );
}

/** The caller's open and recent tickets: from the screen pop itself, or looked up by contact. */
export function CallerTickets({ caller }: { caller: Caller }) {
  const translate = useTranslate();
  if (caller.openTickets || caller.recentTickets) {
    const open = caller.openTickets ?? [];
    const recent = (caller.recentTickets ?? []).filter((r) => !open.some((o) => o.id === r.id));
    if (!open.length && !recent.length) return <NewCaller />;
    return (
      <Box sx={{ mt: 1, maxHeight: 150, overflowY: 'auto' }} data-testid="caller-history">
        {open.length > 0 && (
          <Typography variant="caption" color="error">
            {translate('app.workspace.open_tickets')}（{open.length}）
          </Typography>
        )}
        {open.map((t) => (
          <Row key={t.id} t={t} />
        ))}
        {recent.length > 0 && (
          <Typography variant="caption" color="text.secondary">
            {translate('app.workspace.history')}
          </Typography>
        )}
        {recent.map((t) => (
          <Row key={t.id} t={t} />
        ))}
      </Box>
    );
  }
  if (!caller.contactId) return <NewCaller />;
  return (
    <Box sx={{ mt: 1 }}>
      <TicketQueue filter={{ contactId: caller.contactId }} perPage={3} testId="caller-history" />
    </Box>
  );
}

function NewCaller() {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="caller-history">
      {translate('app.workspace.new_caller')}
    </Typography>
  );
}
