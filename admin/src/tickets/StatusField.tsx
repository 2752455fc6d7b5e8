import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

const COLOR: Record<string, 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'info' | 'error'> = {
  registered: 'warning',
  dispatched: 'info',
  handling: 'primary',
  replied: 'secondary',
  revisit: 'secondary',
  closed: 'success',
  merged: 'default',
};

/** Ticket status as a coloured chip. */
export function StatusField({ source = 'status' }: { source?: string; label?: string }) {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const status = record?.[source] as string | undefined;
  if (!status) return null;
  return (
    <Chip
      size="small"
      color={COLOR[status] ?? 'default'}
      label={translate(`enums.ticketStatus.${status}`, { _: status })}
      data-status={status}
      sx={{ alignSelf: 'flex-start' }}
    />
  );
}

/** Urgent tickets stand out; normal ones stay quiet. */
export function PriorityField({ source = 'priority' }: { source?: string; label?: string }) {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const p = record?.[source] as string | undefined;
  if (!p) return null;
  if (p !== 'urgent') return <span>{translate(`enums.priority.${p}`)}</span>;
  return <Chip size="small" color="error" label={translate('enums.priority.urgent')} />;
}
