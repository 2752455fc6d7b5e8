import { Box, Card, CardContent, Grid, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { MyWindowReports } from '../../intake/windowReports/MyWindowReports.tsx';
import { WindowReportForm } from '../../intake/windowReports/WindowReportForm.tsx';
import { useApiHas } from '../../providers/capabilities.ts';
import { ReviewForm } from '../../reviews/ReviewForm.tsx';

/** The "cannot get it done" window: record the citizen's report, follow one's own reports. */
export function ClerkWorkspace() {
  const translate = useTranslate();
  const hasReviews = useApiHas('POST /api/reviews');
  return (
    <Box sx={{ mt: 1 }} data-testid="clerk-workspace">
      <Title title={translate('app.menu.window')} />
      <Grid container spacing={1.5}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="subtitle1" fontWeight={600}>
                {translate('app.window.title')}
              </Typography>
              <WindowReportForm />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="subtitle1" fontWeight={600}>
                {translate('app.window.mine')}
              </Typography>
            </CardContent>
            <MyWindowReports />
          </Card>
          {hasReviews && (
            <Card variant="outlined" sx={{ mt: 1.5 }}>
              <CardContent>
                <Typography variant="subtitle1" fontWeight={600}>
                  {translate('app.review.title')}
                </Typography>
                <ReviewForm />
              </CardContent>
            </Card>
          )}
        </Grid>
      </Grid>
    </Box>
  );
}
