import { Typography } from '@mui/material';
import {
  ArrayInput,
  BooleanInput,
  Create,
  DateInput,
  Edit,
  required,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useTranslate,
} from 'react-admin';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const DEFAULT_DAY = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

function Intervals({ source }: { source: string }) {
  return (
    <ArrayInput source={source} label={false}>
      <SimpleFormIterator inline disableReordering>
        <TextInput source="start" label="app.calendar.from" helperText={false} sx={{ width: 90 }} />
        <TextInput source="end" label="app.calendar.to" helperText={false} sx={{ width: 90 }} />
      </SimpleFormIterator>
    </ArrayInput>
  );
}

function Fields({ creating }: { creating: boolean }) {
  const translate = useTranslate();
  return (
    <>
      <TextInput source="code" validate={required()} disabled={!creating} />
      <TextInput source="name" validate={required()} />
      <TextInput source="description" fullWidth />
      <BooleanInput source="observeHolidays" label="app.calendar.observe" />
      <BooleanInput source="active" />
      <Typography variant="subtitle2">{translate('app.calendar.weekly')}</Typography>
      {WEEKDAYS.map((d, i) => (
        <div key={d}>
          <Typography variant="caption">{d}</Typography>
          <Intervals source={`weekly.${i}`} />
        </div>
      ))}
      <Typography variant="subtitle2">{translate('app.calendar.days')}</Typography>
      <ArrayInput source="days" label={false}>
        <SimpleFormIterator inline>
          <DateInput source="date" label="app.calendar.date" helperText={false} />
          <SelectInput
            source="kind"
            label="app.calendar.day_kind"
            helperText={false}
            choices={[
              { id: 'holiday', name: 'app.calendar.kind.holiday' },
              { id: 'workday', name: 'app.calendar.kind.makeup_workday' },
              { id: 'closure', name: 'app.calendar.kind.closure' },
            ]}
          />
          <TextInput source="name" label="app.calendar.day_name" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
}

export function CalendarEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm>
        <Fields creating={false} />
      </SimpleForm>
    </Edit>
  );
}

export function CalendarCreate() {
  const weekly = [[], DEFAULT_DAY, DEFAULT_DAY, DEFAULT_DAY, DEFAULT_DAY, DEFAULT_DAY, []];
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={{ weekly, observeHolidays: true, active: true, days: [] }}>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}
