import { Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { ListBase, type RaRecord, required, TextInput, useTranslate } from 'react-admin';
import { ActionDialog } from '../common/ActionDialog.tsx';
import { clippedFlexLine } from '../common/clip.ts';
import { ListRows } from '../common/ListRows.tsx';
import { formatShort } from '../common/time.ts';
import { pctText } from '../dashboard/useKpi.ts';
import { apiCall } from '../providers/httpClient.ts';

interface Stats {
  bad: number;
  badOverdue: number;
  revisitRate: number | null;
  fixRate: number | null;
  goodRate: number | null;
}

function Row({ r }: { r: RaRecord }) {
  const translate = useTranslate();
  const note = (
    <TextInput source="note" label="app.review.note" multiline minRows={2} validate={required()} fullWidth />
  );
  return (
    <Box sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Chip size="small" color="error" label={translate(`enums.reviewRating.${r.rating}`)} />
        <Typography variant="body2" fontWeight={600}>
          {r.hall} {r.windowName ?? ''}
        </Typography>
        <Typography variant="body2" noWrap title={r.matter ?? ''} sx={clippedFlexLine}>
          {r.matter ?? ''}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {translate('app.review.fix_due', { at: formatShort(r.fixDueAt) })}
        </Typography>
      </Stack>
      {r.comment && (
        <Typography variant="body2" color="text.secondary">
          {r.comment}
        </Typography>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        {!r.revisitedAt && (
          <ActionDialog
            label="app.review.revisit"
            path={`/reviews/${r.id}/revisit`}
            success="app.review.revisited"
            invalidate={['reviews']}
            fields={note}
          />
        )}
        {!r.fixedAt && (
          <ActionDialog
            label="app.review.fix"
            path={`/reviews/${r.id}/fix`}
            success="app.review.fixed"
            variant="contained"
            invalidate={['reviews']}
            fields={note}
          />
        )}
      </Stack>
    </Box>
  );
}

/** 差评整改: open bad window reviews, each to be revisited and fixed (the seeds' 100% / 100%). */
export function BadReviews() {
  const translate = useTranslate();
  const { data: s } = useQuery({
    queryKey: ['reviews', 'stats'],
    queryFn: () => apiCall<Stats>('GET', '/reviews/stats'),
  });
  return (
    <Box data-testid="bad-reviews">
      <Typography variant="body2" sx={{ px: 2, py: 1 }} color="text.secondary">
        {translate('app.review.stats', {
          bad: s?.bad ?? '—',
          revisit: pctText(s?.revisitRate),
          fix: pctText(s?.fixRate),
          overdue: s?.badOverdue ?? '—',
        })}
      </Typography>
      <ListBase
        resource="reviews"
        filter={{ bad: true, status: 'open' }}
        perPage={10}
        sort={{ field: 'id', order: 'ASC' }}
        disableSyncWithLocation
        storeKey={false}
      >
        <ListRows row={(x) => <Row r={x} />} />
      </ListBase>
    </Box>
  );
}
