import PhoneCallbackIcon from '@mui/icons-material/PhoneCallback';
import { Box, Button, Stack, Typography } from '@mui/material';
import { ListBase, Pagination, type RaRecord, useListContext, useTranslate } from 'react-admin';
import { ActionDialog } from '../../common/ActionDialog.tsx';
import { formatShort } from '../../common/time.ts';
import { useLiveRefresh } from '../../live/useLiveRefresh.ts';

function Row({ m, onCall }: { m: RaRecord; onCall: (phone: string) => void }) {
  const translate = useTranslate();
  const phone = (m.phone ?? m.fromNumber) as string;
  return (
    <Box sx={{ py: 1, px: 2, borderBottom: 1, borderColor: 'divider' }} data-testid={`missed-${m.id}`}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography fontWeight={600} sx={{ flex: 1 }}>
          {phone}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {formatShort(m.missedAt)}
          {m.waitSeconds != null && ` · ${translate('app.workspace.wait', { s: m.waitSeconds })}`}
          {m.attempts > 0 && ` · ${translate('app.workspace.attempts', { n: m.attempts })}`}
        </Typography>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        <Button size="small" variant="contained" startIcon={<PhoneCallbackIcon />} onClick={() => onCall(phone)}>
          {translate('app.workspace.call_back')}
        </Button>
        <ActionDialog
          label="app.workspace.called_back"
          path={`/intake/missed-calls/${m.id}/called-back`}
          success="app.workspace.called_back_done"
          transform={() => ({ reached: true })}
          invalidate={['intake/missed-calls']}
          testId="called-back"
        />
        <ActionDialog
          label="app.workspace.not_reached"
          path={`/intake/missed-calls/${m.id}/called-back`}
          success="app.workspace.not_reached_done"
          color="inherit"
          variant="text"
          transform={() => ({ reached: false })}
          invalidate={['intake/missed-calls']}
        />
      </Stack>
    </Box>
  );
}

function Rows({ onCall }: { onCall: (phone: string) => void }) {
  const { data, isPending } = useListContext();
  const translate = useTranslate();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography sx={{ p: 2 }} color="text.secondary">
        {translate('app.ticket.none')}
      </Typography>
    );
  return (
    <>
      {data.map((m) => (
        <Row key={m.id} m={m} onCall={onCall} />
      ))}
    </>
  );
}

/** 漏接回拨: calls hung up before answer, oldest first, until someone calls back or the citizen gets through. */
export function MissedCalls({ onCall }: { onCall: (phone: string) => void }) {
  useLiveRefresh(['intake/missed-calls'], (t) => t === 'call.missed' || t === 'call.screen_pop');
  return (
    <ListBase
      resource="intake/missed-calls"
      filter={{ status: 'pending' }}
      sort={{ field: 'id', order: 'ASC' }}
      perPage={8}
      disableSyncWithLocation
      storeKey={false}
    >
      <Box data-testid="missed-calls">
        <Rows onCall={onCall} />
        <Pagination rowsPerPageOptions={[]} />
      </Box>
    </ListBase>
  );
}
