import { Box } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  RadioButtonGroupInput,
  ReferenceInput,
  required,
  TextInput,
} from 'react-admin';
import { choicesOf } from '../choices.ts';
import { CategoryPicker } from './CategoryPicker.tsx';

const span = (n: number) => ({ gridColumn: `span ${n}` });

/**
 * The intake fields in the order an agent fills them during a call: who, which category (which sets
 * the type), where, what. Tab moves forward; every choice works from the keyboard; no helper lines,
 * so the whole form fits a 768-pixel-high screen.
 */
export function IntakeFields({ autoFocus = true }: { autoFocus?: boolean }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(6, minmax(0, 1fr))', columnGap: 1.5, width: '100%' }}>
      <Box sx={span(2)}>
        <TextInput source="phone" autoFocus={autoFocus} helperText={false} fullWidth />
      </Box>
      <Box sx={span(2)}>
        <TextInput source="name" label="resources.tickets.fields.contactName" helperText={false} fullWidth />
      </Box>
      <Box
        sx={{
          ...span(2),
          display: 'flex',
          alignItems: 'center',
          '& .MuiFormControlLabel-label': { whiteSpace: 'nowrap' },
        }}
      >
        <BooleanInput source="confidential" helperText={false} />
        <BooleanInput source="checkRepeat" helperText={false} />
      </Box>
      <Box sx={span(4)}>
        <CategoryPicker />
      </Box>
      <Box sx={span(2)}>
        <ReferenceInput
          source="districtId"
          reference="units"
          filter={{ active: true }}
          sort={{ field: 'path', order: 'ASC' }}
          perPage={30}
        >
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} helperText={false} fullWidth />
        </ReferenceInput>
      </Box>
      <Box sx={span(4)}>
        <RadioButtonGroupInput
          source="type"
          choices={choicesOf('ticketType')}
          validate={required()}
          helperText={false}
          row
          sx={{ '& .MuiFormControlLabel-root': { mr: 1 } }}
        />
      </Box>
      <Box sx={span(2)}>
        <RadioButtonGroupInput source="priority" choices={choicesOf('priority')} helperText={false} row />
      </Box>
      <Box sx={span(3)}>
        <TextInput source="address" helperText={false} fullWidth />
      </Box>
      <Box sx={span(3)}>
        <TextInput source="title" helperText={false} fullWidth />
      </Box>
      <Box sx={span(6)}>
        <TextInput source="content" multiline minRows={3} maxRows={8} validate={required()} fullWidth />
      </Box>
    </Box>
  );
}

export const INTAKE_DEFAULTS = {
  channel: 'phone',
  type: 'consultation',
  priority: 'normal',
  confidential: false,
  checkRepeat: true,
};

/** Empty optional fields are left out: the API validates what is sent (an empty e-mail is not an e-mail). */
export function cleanIntake(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === '' || v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
