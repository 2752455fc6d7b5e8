import { Box, Stack, Typography } from '@mui/material';
import {
  ListBase,
  Pagination,
  RadioButtonGroupInput,
  type RaRecord,
  required,
  TextInput,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { choicesOf } from '../../choices.ts';
import { ActionDialog } from '../../common/ActionDialog.tsx';
import { clippedLine } from '../../common/clip.ts';
import { ListRows } from '../../common/ListRows.tsx';
import { formatShort } from '../../common/time.ts';
import { useLiveRefresh } from '../../live/useLiveRefresh.ts';

/** Records one revisit call: the citizen's verdict and words; dissatisfied re-opens the work. */
export function RevisitResultButton({ id }: { id: number }) {
  return (
    <ActionDialog
      label="app.revisit.record"
      path={`/revisits/${id}/result`}
      success="app.revisit.recorded"
      variant="contained"
      invalidate={['revisits', 'tickets']}
      testId="revisit-result"
      defaultValues={{ result: 'satisfied' }}
      fields={
        <>
          <RadioButtonGroupInput
            source="result"
            label="resources.revisits.fields.result"
            choices={choicesOf('revisitResult')}
            validate={required()}
            row
          />
          <TextInput source="comment" label="resources.revisits.fields.comment" multiline fullWidth />
        </>
      }
    />
  );
}

function Row({ r }: { r: RaRecord }) {
  const translate = useTranslate();
  return (
    <Box sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid={`revisit-${r.id}`}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Link to={`/tickets/${r.ticketId}/show`}>{r.ticketNo}</Link>
        <Typography fontWeight={600}>{r.contactPhone ?? '—'}</Typography>
        <Typography variant="body2" noWrap>
          {r.contactName ?? ''}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color={r.overdue ? 'error' : 'text.secondary'} noWrap>
          {translate('resources.revisits.fields.dueAt')} {formatShort(r.dueAt)}
          {r.attempts > 0 && ` · ${translate('app.revisit.attempts', { n: r.attempts })}`}
        </Typography>
      </Stack>
      <Typography variant="body2" noWrap color="text.secondary" title={r.title} sx={clippedLine}>
        {r.title}
      </Typography>
      <RevisitResultButton id={Number(r.id)} />
    </Box>
  );
}

/** 电话回访: the calls to make now (urgent and earliest due first), as the follow-up API orders them. */
export function PhoneRevisits() {
  useLiveRefresh(['revisits'], (t) => t.startsWith('revisit'));
  return (
    <ListBase
      resource="revisits"
      filter={{ queue: 'phone_due' }}
      perPage={8}
      sort={{ field: 'dueAt', order: 'ASC' }}
      disableSyncWithLocation
      storeKey={false}
    >
      <Box data-testid="phone-revisits">
        <ListRows row={(x) => <Row r={x} />} />
        <Pagination rowsPerPageOptions={[]} />
      </Box>
    </ListBase>
  );
}
