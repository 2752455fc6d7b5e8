import { Box } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDateTime, formatDuration, formatShort, URGENCY_BG, URGENCY_COLOR, urgencyOf } from '../common/time.ts';
import { useNow } from '../common/useNow.ts';

interface Props {
  /** Defaults to the record in context. */
  record?: Record<string, unknown>;
  /** Short date, for narrow queue columns. */
  compact?: boolean;
  source?: string;
  startSource?: string;
  /** Statuses in which the deadline no longer runs. */
  doneWhen?: (record: Record<string, unknown>) => boolean;
  label?: string;
}

const isClosed = (r: Record<string, unknown>) => r.status === 'closed' || r.status === 'merged' || !!r.closedAt;

/** A deadline coloured by time left: green, amber in the last quarter, red when overdue. */
export function DueField({
  source = 'dueAt',
  startSource = 'createdAt',
  doneWhen = isClosed,
  compact,
  record: given,
}: Props) {
  const fromContext = useRecordContext<Record<string, unknown>>();
  const record = given ?? fromContext;
  const now = useNow(30_000);
  if (!record) return null;
  const due = record[source] as string | null | undefined;
  if (!due) return <span>—</span>;
  const done = doneWhen(record);
  const u = done ? 'done' : urgencyOf(record[startSource] as string | undefined, due, now);
  const left = new Date(due).getTime() - now;
  return (
    <Box
      component="span"
      data-urgency={u}
      sx={{ color: URGENCY_COLOR[u], bgcolor: URGENCY_BG[u], px: 0.5, borderRadius: 1, whiteSpace: 'nowrap' }}
      title={formatDateTime(due)}
    >
      {compact && !done && (left >= 0 ? `剩${formatDuration(left)}` : `超${formatDuration(left)}`)}
      {compact && done && formatShort(due)}
      {!compact && formatDateTime(due)}
      {!compact && !done && <> · {left >= 0 ? `剩 ${formatDuration(left)}` : `超 ${formatDuration(left)}`}</>}
    </Box>
  );
}
