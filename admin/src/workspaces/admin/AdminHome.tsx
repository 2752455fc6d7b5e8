import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, Button, Card, CardActionArea, CardContent, Grid, Typography } from '@mui/material';
import { Title, useGetList, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { useApiHas } from '../../providers/capabilities.ts';
import { getToken } from '../../providers/session.ts';

const SECTIONS: Array<{ resource: string; op: string }> = [
  { resource: 'units', op: 'GET /api/units' },
  { resource: 'users', op: 'GET /api/users' },
  { resource: 'categories', op: 'GET /api/categories' },
  { resource: 'catalogue', op: 'GET /api/catalogue' },
  { resource: 'calendars', op: 'GET /api/calendars' },
  { resource: 'slaPolicies', op: 'GET /api/slaPolicies' },
  { resource: 'templates', op: 'GET /api/templates' },
  { resource: 'intake/kb', op: 'GET /api/intake/kb' },
];

function Section({ resource, op }: { resource: string; op: string }) {
  const translate = useTranslate();
  const has = useApiHas(op);
  const { total } = useGetList(resource, { pagination: { page: 1, perPage: 1 } }, { enabled: has === true });
  if (!has) return null;
  return (
    <Grid size={{ xs: 6, md: 3 }}>
      <Card variant="outlined">
        <CardActionArea component={Link} to={`/${resource}`} data-testid={`admin-${resource}`}>
          <CardContent>
            <Typography variant="subtitle1" fontWeight={600}>
              {translate(`resources.${resource}.name`, { smart_count: 2 })}
            </Typography>
            <Typography variant="h5" color="primary">
              {total ?? '—'}
            </Typography>
          </CardContent>
        </CardActionArea>
      </Card>
    </Grid>
  );
}

/** The administrator's home: every reference table with its size, and the queue board. */
export function AdminHome() {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 1 }} data-testid="admin-home">
      <Title title={translate('app.admin.title')} />
      <Grid container spacing={1.5}>
        {SECTIONS.map((s) => (
          <Section key={s.resource} {...s} />
        ))}
      </Grid>
      {
        <Card variant="outlined" sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="subtitle1" fontWeight={600}>
              {translate('app.admin.queues_board')}
            </Typography>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              {translate('app.admin.queues_hint')}
            </Typography>
            <Button
              variant="outlined"
              endIcon={<OpenInNewIcon />}
              href={`/api/admin/queues?access_token=${encodeURIComponent(getToken() ?? '')}`}
              target="_blank"
              rel="noopener"
              data-testid="queues-board"
            >
              {translate('app.admin.queues_board')}
            </Button>
          </CardContent>
        </Card>
      }
    </Box>
  );
}
