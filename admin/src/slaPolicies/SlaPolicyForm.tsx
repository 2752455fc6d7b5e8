import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useTranslate,
} from 'react-admin';
import { choicesOf } from '../choices.ts';

const KINDS = ['sign', 'handle', 'revisit', 'return_decision', 'supervision'];
const UNITS = ['working_days', 'working_hours', 'working_minutes', 'hours', 'minutes'].map((id) => ({
  id,
  name: `app.sla.unit.${id}`,
}));

function Limits() {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="subtitle2">{translate('app.sla.limits')}</Typography>
      {KINDS.map((k) => (
        <Box key={k} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <Typography sx={{ width: 80 }} variant="body2">
            {translate(`enums.clockKind.${k}`)}
          </Typography>
          <NumberInput
            source={`limits.${k}.value`}
            label="app.sla.value"
            min={0}
            helperText={false}
            sx={{ width: 120 }}
          />
          <SelectInput
            source={`limits.${k}.unit`}
            label="app.sla.unit_label"
            choices={UNITS}
            helperText={false}
            sx={{ width: 160 }}
          />
        </Box>
      ))}
    </>
  );
}

/** Drops limits left empty, so "no sign limit in this policy" is absent rather than invalid. */
function cleanLimits(d: Record<string, unknown>) {
  const limits = (d.limits ?? {}) as Record<string, { value?: number | null; unit?: string | null }>;
  const out: Record<string, { value: number; unit: string }> = {};
  for (const [k, l] of Object.entries(limits))
    if (l?.value && l.unit) out[k] = { value: Number(l.value), unit: l.unit };
  return { ...d, limits: out, ticketType: d.ticketType || null, priority: d.priority || null };
}

function Fields() {
  return (
    <>
      <TextInput source="name" validate={required()} />
      <NumberInput source="position" validate={required()} helperText="app.sla.position_help" />
      <SelectInput source="ticketType" choices={choicesOf('ticketType')} emptyText="app.sla.any" />
      <SelectInput source="priority" choices={choicesOf('priority')} emptyText="app.sla.any" />
      <ReferenceInput source="categoryId" reference="categories">
        <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} fullWidth />
      </ReferenceInput>
      <Limits />
      <NumberInput source="warnPercent" min={1} max={99} />
      <BooleanInput source="active" />
    </>
  );
}

export function SlaPolicyEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={cleanLimits}>
      <SimpleForm>
        <Fields />
      </SimpleForm>
    </Edit>
  );
}

export function SlaPolicyCreate() {
  return (
    <Create redirect="list" transform={cleanLimits}>
      <SimpleForm defaultValues={{ active: true, warnPercent: 75, limits: {} }}>
        <Fields />
      </SimpleForm>
    </Create>
  );
}
