import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import { Alert, Box, Button, Card, CardContent, TextField as MuiTextField, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useLiveEvent } from '../../live/LiveContext.tsx';
import { TicketQueue } from './MyTickets.tsx';

/** What the console knows about the caller on the line. */
export interface Caller {
  phone: string;
  callId?: string;
  contactId?: number | null;
  name?: string | null;
}

const POP_TOPICS = new Set(['screenpop', 'screen_pop', 'call.answered', 'call']);

/** Reads a screen-pop event in the shapes the CTI feed may send. */
export function callerFromEvent(data: Record<string, unknown>): Caller | null {
  const contact = (data.contact ?? null) as Record<string, unknown> | null;
  const phone = (data.from ?? data.phone ?? contact?.phone) as string | undefined;
  if (!phone) return null;
  return {
    phone,
    callId: (data.callId as string | undefined) ?? undefined,
    contactId: (contact?.id as number | undefined) ?? (data.contactId as number | undefined) ?? null,
    name: (contact?.name as string | undefined) ?? null,
  };
}

interface Props {
  caller: Caller | null;
  onCaller: (c: Caller | null) => void;
}

/** The screen pop: appears when a call is answered (SSE), or by typing a number to look it up. */
export function ScreenPop({ caller, onCaller }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const [typed, setTyped] = useState('');
  useLiveEvent((e) => {
    if (!POP_TOPICS.has(e.topic)) return;
    const c = callerFromEvent(e.data);
    if (c) onCaller(c);
  });
  const lookup = async () => {
    const phone = typed.trim();
    if (!phone) return;
    const { data } = await dataProvider
      .getList('contacts', {
        filter: { q: phone },
        pagination: { page: 1, perPage: 1 },
        sort: { field: 'id', order: 'DESC' },
      })
      .catch(() => ({ data: [] }));
    const hit = data[0];
    onCaller({ phone, contactId: hit ? Number(hit.id) : null, name: hit?.name ?? null });
  };
  return (
    <Card variant="outlined" data-testid="screen-pop">
      <CardContent sx={{ pb: '12px !important' }}>
        <Stack direction="row" spacing={1} alignItems="center">
          <PhoneInTalkIcon color={caller ? 'error' : 'disabled'} />
          <Typography variant="subtitle1" fontWeight={600} sx={{ flex: 1 }}>
            {translate('app.workspace.screen_pop')}
            {caller && (
              <Box component="span" sx={{ ml: 1 }} data-testid="caller">
                {caller.phone} {caller.name ? `· ${caller.name}` : ''}
              </Box>
            )}
          </Typography>
          <MuiTextField
            size="small"
            placeholder={translate('resources.tickets.fields.phone')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void lookup()}
            sx={{ width: 170 }}
            slotProps={{ htmlInput: { 'aria-label': translate('app.workspace.lookup') } }}
          />
          <Button size="small" onClick={() => void lookup()}>
            {translate('app.workspace.lookup')}
          </Button>
          {caller && (
            <Button size="small" color="inherit" onClick={() => onCaller(null)}>
              {translate('ra.action.close')}
            </Button>
          )}
        </Stack>
        {!caller && (
          <Typography variant="body2" color="text.secondary">
            {translate('app.workspace.no_call')}
          </Typography>
        )}
        {caller && !caller.contactId && (
          <Alert severity="info" sx={{ mt: 1 }}>
            新来电号码，无历史工单。
          </Alert>
        )}
        {caller?.contactId && (
          <Box sx={{ mt: 1 }}>
            <TicketQueue filter={{ contactId: caller.contactId }} perPage={5} testId="caller-history" />
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
