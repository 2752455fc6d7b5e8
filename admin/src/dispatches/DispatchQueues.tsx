import { Badge, Box, Card, Tab, Tabs } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ListBase, Pagination, useTranslate } from 'react-admin';
import { useLiveRefresh } from '../live/useLiveRefresh.ts';
import { apiCall } from '../providers/httpClient.ts';
import { DispatchTable } from './DispatchTable.tsx';

interface QueueCount {
  queue: string;
  label: string;
  count: number;
}

/**
 * The viewer's dispatch queues as tabs with live counts (GET /api/dispatch-queues): units see to-sign,
 * handling, due soon, overdue; the centre sees returns, extensions and replies to decide first.
 */
interface Props {
  showUnit?: boolean;
  testId?: string;
  /** The queue to open first (otherwise the first non-empty one). */
  initial?: string;
}

export function DispatchQueues({ showUnit = true, testId = 'dispatch-queues', initial }: Props) {
  const translate = useTranslate();
  useLiveRefresh(['dispatches', 'dispatch-queues']);
  const { data: queues } = useQuery({
    queryKey: ['dispatch-queues'],
    queryFn: () => apiCall<QueueCount[]>('GET', '/dispatch-queues'),
  });
  const [picked, setPicked] = useState<string | null>(initial ?? null);
  const first = queues?.find((q) => q.count > 0)?.queue ?? queues?.[0]?.queue ?? 'open';
  const queue = picked ?? first;
  return (
    <Card variant="outlined" data-testid={testId}>
      <Tabs
        value={queues ? queue : false}
        onChange={(_e, v: string) => setPicked(v)}
        variant="scrollable"
        scrollButtons="auto"
      >
        {(queues ?? []).map((q) => (
          <Tab
            key={q.queue}
            value={q.queue}
            data-testid={`queue-${q.queue}`}
            label={
              <Badge
                badgeContent={q.count}
                color={q.queue === 'overdue' ? 'error' : 'primary'}
                max={999}
                // The badge hangs half its width past the label: three digits would cover the next tab's.
                sx={{ pr: q.count >= 100 ? 3 : 1.5 }}
              >
                {translate(`app.dispatch.queue.${q.queue}`, { _: q.label })}
              </Badge>
            }
          />
        ))}
      </Tabs>
      <ListBase
        resource="dispatches"
        filter={{ queue }}
        perPage={10}
        // The nearest deadline first: what a desk must do next.
        sort={{ field: 'deadline', order: 'ASC' }}
        disableSyncWithLocation
        storeKey={false}
      >
        <Box sx={{ overflowX: 'auto' }}>
          <DispatchTable showUnit={showUnit} />
        </Box>
        <Pagination rowsPerPageOptions={[10, 25, 50]} />
      </ListBase>
    </Card>
  );
}
