import { Box, Chip, Stack, Typography } from '@mui/material';
import { ListBase, type RaRecord, required, TextInput, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { ActionDialog } from '../common/ActionDialog.tsx';
import { clippedLine } from '../common/clip.ts';
import { ListRows } from '../common/ListRows.tsx';
import { formatShort } from '../common/time.ts';

function Row({ c }: { c: RaRecord }) {
  const translate = useTranslate();
  const inv = ['supervision', 'dispatches', 'tickets'];
  return (
    <Box sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid={`case-${c.id}`}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography fontWeight={600}>{c.title}</Typography>
        <Chip
          size="small"
          color={c.status === 'escalated' ? 'error' : 'default'}
          label={translate(`enums.supervisionStatus.${c.status}`)}
        />
        {c.overdue && <Chip size="small" color="error" variant="outlined" label={translate('app.kpi.overdue')} />}
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color="text.secondary">
          {c.unitName} · {translate('resources.tickets.fields.dueAt')} {formatShort(c.dueAt)}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary" noWrap title={c.reason} sx={clippedLine}>
        {c.reason}
      </Typography>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 0.5 }}>
        {(c.ticketIds as number[]).map((id) => (
          <Link key={id} to={`/tickets/${id}/show`}>
            #{id}
          </Link>
        ))}
        {c.status !== 'closed' && (
          <>
            <ActionDialog
              label="app.supervisor.close_case"
              path={`/supervision/${c.id}/close`}
              success="app.supervisor.case_closed"
              invalidate={inv}
              fields={
                <TextInput
                  source="resultNote"
                  label="app.supervisor.result_note"
                  multiline
                  validate={required()}
                  fullWidth
                />
              }
            />
            {c.status === 'open' && (
              <ActionDialog
                label="app.supervisor.escalate"
                path={`/supervision/${c.id}/escalate`}
                success="app.supervisor.escalated"
                color="error"
                invalidate={inv}
              />
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}

/** Open and escalated supervision cases. */
export function SupervisionCases() {
  return (
    <ListBase
      resource="supervision"
      filter={{ status: ['open', 'escalated'] }}
      perPage={10}
      sort={{ field: 'id', order: 'DESC' }}
      disableSyncWithLocation
      storeKey={false}
    >
      <Box data-testid="supervision-cases">
        <ListRows row={(x) => <Row c={x} />} />
      </Box>
    </ListBase>
  );
}
