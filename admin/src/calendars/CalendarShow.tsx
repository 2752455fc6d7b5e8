import { Grid } from '@mui/material';
import { EditButton, ShowBase, Title, TopToolbar, useRecordContext } from 'react-admin';
import { DeadlineCalculator } from './DeadlineCalculator.tsx';
import { YearView } from './YearView.tsx';

function Body() {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Grid container spacing={1.5}>
      <Grid size={12}>
        <DeadlineCalculator code={String(record.code)} />
      </Grid>
      <Grid size={12}>
        <YearView code={String(record.code)} />
      </Grid>
    </Grid>
  );
}

function CalendarTitle() {
  const record = useRecordContext();
  return <Title title={`${record?.name ?? ''}（${record?.code ?? ''}）`} />;
}

/** A calendar: the deadline calculator and the year at a glance. */
export function CalendarShow() {
  return (
    <ShowBase>
      <CalendarTitle />
      <TopToolbar>
        <EditButton />
      </TopToolbar>
      <Body />
    </ShowBase>
  );
}
