import { Box, Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { type RaRecord, useGetList, useTranslate } from 'react-admin';
import { useApiHas } from '../providers/capabilities.ts';

export interface RelatedColumn {
  label: string;
  render: (r: RaRecord) => ReactNode;
  /** Long text: on its own line under the short facts. */
  wide?: boolean;
}

interface Props {
  resource: string;
  title: string;
  filter: Record<string, unknown>;
  columns: RelatedColumn[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
  testId?: string;
}

/**
 * Another resource's rows about this ticket (messages, revisits) as a compact list that fits the
 * ticket page's side column. Hidden while that API does not answer, so the page works as features land.
 */
export function RelatedSection({ resource, title, filter, columns, sort, testId }: Props) {
  const translate = useTranslate();
  const available = useApiHas(`GET /api/${resource}`);
  const { data, error, isPending } = useGetList(
    resource,
    { filter, sort: sort ?? { field: 'id', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: available === true },
  );
  if (!available || error || isPending) return null;
  const short = columns.filter((c) => !c.wide);
  const wide = columns.filter((c) => c.wide);
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid={testId ?? resource}>
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600} gutterBottom>
          {translate(title)}
        </Typography>
        {!data?.length && (
          <Typography color="text.secondary" variant="body2">
            {translate('app.ticket.none')}
          </Typography>
        )}
        {data?.map((r) => (
          <Box key={r.id} sx={{ py: 0.75, borderTop: 1, borderColor: 'divider' }}>
            <Typography variant="caption" color="text.secondary" component="div">
              {short.map((c, i) => (
                <span key={c.label} title={translate(c.label)}>
                  {i > 0 && ' · '}
                  {c.render(r)}
                </span>
              ))}
            </Typography>
            {wide.map((c) => (
              <Typography key={c.label} variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {c.render(r)}
              </Typography>
            ))}
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}
