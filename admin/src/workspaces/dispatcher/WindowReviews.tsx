import { Box, Card, Chip, Stack, Typography } from '@mui/material';
import { ListBase, type RaRecord, required, SelectInput, TextInput, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { choicesOf } from '../../choices.ts';
import { ActionDialog } from '../../common/ActionDialog.tsx';
import { clippedLine } from '../../common/clip.ts';
import { ListRows } from '../../common/ListRows.tsx';
import { formatShort } from '../../common/time.ts';

function Row({ r }: { r: RaRecord }) {
  const translate = useTranslate();
  return (
    <Box sx={{ px: 2, py: 1, borderTop: 1, borderColor: 'divider' }} data-testid="window-review-row">
      <Stack direction="row" spacing={1} alignItems="center">
        <Link to={`/tickets/${r.ticketId}/show`}>{r.ticketNo}</Link>
        <Chip size="small" color="warning" label={translate(`enums.windowReason.${r.reason}`, { _: r.reasonLabel })} />
        <Typography variant="caption" color="text.secondary">
          {r.hall} · {r.window} · {formatShort(r.createdAt)}
        </Typography>
      </Stack>
      <Typography variant="body2" noWrap title={`${r.serviceItem}：${r.content}`} sx={clippedLine}>
        {r.serviceItem}：{r.content}
      </Typography>
      <ActionDialog
        label="app.dispatcher.review_window"
        path={`/intake/window-reports/${r.id}/review`}
        success="app.dispatcher.window_reviewed"
        invalidate={['intake/window-reports', 'tickets']}
        defaultValues={{ outcome: 'dispatch' }}
        fields={
          <>
            <SelectInput
              source="outcome"
              label="app.dispatcher.outcome"
              choices={choicesOf('windowReviewOutcome')}
              validate={required()}
              fullWidth
            />
            <TextInput
              source="note"
              label="app.dispatcher.review_note"
              helperText="app.dispatcher.review_note_help"
              multiline
              fullWidth
            />
          </>
        }
      />
    </Box>
  );
}

/** 办不成事 window reports waiting for the centre's review (研判). */
export function WindowReviews() {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid="window-reviews">
      <Typography variant="subtitle1" fontWeight={600} sx={{ px: 2, pt: 1.5, pb: 1 }}>
        {translate('app.dispatcher.window_reports')}
      </Typography>
      <ListBase
        resource="intake/window-reports"
        filter={{ reviewStatus: 'pending' }}
        perPage={5}
        sort={{ field: 'id', order: 'ASC' }}
        disableSyncWithLocation
        storeKey={false}
      >
        <ListRows row={(x) => <Row r={x} />} emptySx={{ px: 2, pb: 1.5 }} />
      </ListBase>
    </Card>
  );
}
