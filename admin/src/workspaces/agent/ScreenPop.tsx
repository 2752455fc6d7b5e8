import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  TextField as MuiTextField,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useLiveEvent } from '../../live/LiveContext.tsx';
import { CallerTickets, type TicketSummary } from './CallerTickets.tsx';

/** The caller on the line, as the CTI screen pop (call.screen_pop) or a number lookup gives it. */
export interface Caller {
  phone: string;
  callId?: string;
  contactId: number | null;
  name: string | null;
  note?: string | null;
  openTickets?: TicketSummary[];
  recentTickets?: TicketSummary[];
  missedCalls?: number;
}

/** Reads the screen-pop payload (services/intake/screenPop.ts). */
export function callerFromPop(data: Record<string, unknown>): Caller | null {
  const contact = (data.contact ?? null) as Record<string, unknown> | null;
  const prefill = (data.prefill ?? {}) as Record<string, unknown>;
  const phone = (prefill.phone ?? data.phone ?? data.from) as string | undefined;
  if (!phone) return null;
  return {
    phone,
    callId: data.callId as string | undefined,
    contactId: (contact?.id as number | undefined) ?? null,
    name: (contact?.name as string | null | undefined) ?? null,
    note: (contact?.note as string | null | undefined) ?? null,
    openTickets: (data.openTickets as TicketSummary[] | undefined) ?? [],
    recentTickets: (data.recentTickets as TicketSummary[] | undefined) ?? [],
    missedCalls: (data.missedCalls as number | undefined) ?? 0,
  };
}

interface Props {
  caller: Caller | null;
  onCaller: (c: Caller | null) => void;
}

/** The screen pop: appears by itself when this agent answers a call, or by typing a number. */
export function ScreenPop({ caller, onCaller }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const [typed, setTyped] = useState('');
  useLiveEvent((e) => {
    if (e.topic !== 'call.screen_pop') return;
    const c = callerFromPop(e.data);
    if (c) onCaller(c);
  });
  const lookup = async () => {
    const phone = typed.trim();
    if (!phone) return;
    const { data } = await dataProvider
      .getList('contacts', {
        filter: { phone },
        pagination: { page: 1, perPage: 1 },
        sort: { field: 'id', order: 'DESC' },
      })
      .catch(() => ({ data: [] }));
    const hit = data[0];
    onCaller({ phone, contactId: hit ? Number(hit.id) : null, name: hit?.name ?? null, note: hit?.note ?? null });
  };
  return (
    <Card
      variant="outlined"
      data-testid="screen-pop"
      sx={caller ? { borderColor: 'error.main', borderWidth: 2 } : undefined}
    >
      <CardContent sx={{ pb: '12px !important', pt: 1.5 }}>
        <Stack direction="row" spacing={1} alignItems="center">
          <PhoneInTalkIcon color={caller ? 'error' : 'disabled'} />
          <Typography variant="subtitle1" fontWeight={600} sx={{ flex: 1 }} noWrap>
            {translate('app.workspace.screen_pop')}
            {caller && (
              <Box component="span" sx={{ ml: 1 }} data-testid="caller">
                {caller.phone}
                {caller.name ? ` · ${caller.name}` : ''}
              </Box>
            )}
          </Typography>
          {!!caller?.missedCalls && (
            <Chip size="small" color="warning" label={translate('app.workspace.missed_n', { n: caller.missedCalls })} />
          )}
          <MuiTextField
            size="small"
            placeholder={translate('resources.tickets.fields.phone')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void lookup()}
            sx={{ width: 150 }}
            slotProps={{ htmlInput: { 'aria-label': translate('app.workspace.lookup') } }}
          />
          <Button size="small" onClick={() => void lookup()}>
            {translate('app.workspace.lookup')}
          </Button>
          {caller && (
            <Button size="small" color="inherit" onClick={() => onCaller(null)}>
              {translate('app.workspace.hang_up')}
            </Button>
          )}
        </Stack>
        {!caller && (
          <Typography variant="body2" color="text.secondary">
            {translate('app.workspace.no_call')}
          </Typography>
        )}
        {caller?.note && (
          <Alert severity="warning" sx={{ mt: 1, py: 0 }}>
            {caller.note}
          </Alert>
        )}
        {caller && <CallerTickets caller={caller} />}
      </CardContent>
    </Card>
  );
}
