import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { type RaRecord, useGetList, useTranslate } from 'react-admin';
import { useApiHas } from '../providers/capabilities.ts';

export interface RelatedColumn {
  label: string;
  render: (r: RaRecord) => ReactNode;
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
 * A small table of another resource's rows about this ticket (dispatch rounds, clocks, messages,
 * revisits). Hidden while that API does not answer, so the page works as features land.
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
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid={testId ?? resource}>
      <CardContent sx={{ pb: 1 }}>
        <Typography variant="subtitle1" fontWeight={600} gutterBottom>
          {translate(title)}
        </Typography>
        {!data?.length ? (
          <Typography color="text.secondary" variant="body2">
            {translate('app.ticket.none')}
          </Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                {columns.map((c) => (
                  <TableCell key={c.label}>{translate(c.label)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((r) => (
                <TableRow key={r.id}>
                  {columns.map((c) => (
                    <TableCell key={c.label}>{c.render(r)}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
