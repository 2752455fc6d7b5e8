import { Alert, Box, Grid } from '@mui/material';
import {
  BooleanField,
  DateField,
  EditButton,
  FunctionField,
  Labeled,
  ShowBase,
  TextField,
  Title,
  TopToolbar,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { labelOf } from '../choices.ts';
import { Countdown } from './Countdown.tsx';
import { PriorityField, StatusField } from './StatusField.tsx';
import { TicketActions } from './TicketActions.tsx';
import { TicketRelated } from './TicketRelated.tsx';
import { Timeline } from './Timeline.tsx';
import { currentClock, useTicketClocks } from './useTicketClocks.ts';

const dateOpts = { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' } as const;
const EDITORS = ['agent', 'dispatcher', 'supervisor', 'admin'];

function Basics() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 1.5 }}>
      <Labeled source="ticketNo">
        <TextField source="ticketNo" />
      </Labeled>
      <Labeled source="status">
        <StatusField />
      </Labeled>
      <Labeled source="priority">
        <PriorityField />
      </Labeled>
      <Labeled source="type">
        <FunctionField render={(r) => labelOf('ticketType', r.type)} />
      </Labeled>
      <Labeled source="channel">
        <FunctionField render={(r) => labelOf('channel', r.channel)} />
      </Labeled>
      <Labeled source="createdAt">
        <DateField source="createdAt" showTime options={dateOpts} locales="zh-CN" />
      </Labeled>
      <Labeled source="categoryName">
        <TextField source="categoryName" emptyText="—" />
      </Labeled>
      <Labeled source="address">
        <TextField source="address" emptyText="—" />
      </Labeled>
      <Labeled source="confidential">
        <BooleanField source="confidential" />
      </Labeled>
      {record.citizenHidden ? (
        <Alert severity="info" sx={{ gridColumn: '1 / -1' }}>
          {translate('app.ticket.citizen_hidden')}
        </Alert>
      ) : (
        <>
          <Labeled source="contactName">
            <TextField source="contactName" emptyText="—" />
          </Labeled>
          <Labeled source="contactPhone">
            <TextField source="contactPhone" emptyText="—" />
          </Labeled>
          <Labeled source="queryCode">
            <TextField source="queryCode" emptyText="—" />
          </Labeled>
        </>
      )}
      <Box sx={{ gridColumn: '1 / -1' }}>
        <Labeled source="content">
          <TextField source="content" sx={{ whiteSpace: 'pre-wrap' }} />
        </Labeled>
      </Box>
    </Box>
  );
}

/** The live countdown of the deadline that matters now (the running SLA clock, else the ticket's due date). */
function CurrentCountdown() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data } = useTicketClocks(record?.id);
  const c = currentClock(data);
  if (!c) return <Countdown />;
  return (
    <Countdown
      deadline={c.dueAt}
      start={c.startedAt}
      pausedAt={c.status === 'paused' ? (c.pausedAt ?? c.startedAt) : null}
      label={`${translate('app.ticket.countdown')} · ${translate(`enums.clockKind.${c.kind}`, { _: c.kind })}（${c.limitText}）`}
    />
  );
}

function ShowTitle() {
  const record = useRecordContext();
  const translate = useTranslate();
  return <Title title={`${translate('resources.tickets.name', { smart_count: 1 })} ${record?.ticketNo ?? ''}`} />;
}

/** The ticket page: facts, actions for the viewer's role, the live countdown and the full history. */
export function TicketShow() {
  const { permissions: role } = usePermissions<string>();
  return (
    <ShowBase>
      <ShowTitle />
      <TopToolbar>
        <TicketActions role={role} />
        {role && EDITORS.includes(role) && <EditButton />}
      </TopToolbar>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Box sx={{ bgcolor: 'background.paper', p: 2, borderRadius: 1, border: 1, borderColor: 'divider' }}>
            <Basics />
          </Box>
          <Timeline />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CurrentCountdown />
          <TicketRelated />
        </Grid>
      </Grid>
    </ShowBase>
  );
}
