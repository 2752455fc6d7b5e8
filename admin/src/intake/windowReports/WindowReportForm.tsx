import { Box, Stack } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  BooleanInput,
  CreateBase,
  Form,
  RadioButtonGroupInput,
  type RaRecord,
  ReferenceInput,
  required,
  SaveButton,
  TextInput,
  useNotify,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { choicesOf } from '../../choices.ts';
import { cleanIntake } from '../IntakeFields.tsx';

const span = (n: number) => ({ gridColumn: `span ${n}` });

function CitizenFields() {
  const anonymous = useWatch({ name: 'anonymous' });
  return (
    <>
      <Box sx={span(2)}>
        <BooleanInput source="anonymous" label="app.window.anonymous" helperText={false} />
      </Box>
      {!anonymous && (
        <>
          <Box sx={span(2)}>
            <TextInput source="phone" label="app.window.phone" helperText={false} fullWidth />
          </Box>
          <Box sx={span(2)}>
            <TextInput source="name" label="app.window.name" helperText={false} fullWidth />
          </Box>
        </>
      )}
    </>
  );
}

/** 办不成事 window report: where, which matter, which department, why it could not be done. */
export function WindowReportForm() {
  const notify = useNotify();
  const [generation, setGeneration] = useState(0);
  return (
    <CreateBase
      resource="intake/window-reports"
      key={generation}
      redirect={false}
      transform={cleanIntake}
      mutationOptions={{
        onSuccess: (r: RaRecord) => {
          notify('app.window.saved', { type: 'success', messageArgs: { ticketNo: r.ticketNo } });
          setGeneration((g) => g + 1);
        },
      }}
    >
      <Form defaultValues={{ reason: 'cannot', anonymous: false }}>
        <Box
          sx={{ display: 'grid', gridTemplateColumns: 'repeat(6, minmax(0, 1fr))', columnGap: 1.5 }}
          data-testid="window-form"
        >
          <Box sx={span(3)}>
            <TextInput source="hall" label="app.window.hall" validate={required()} helperText={false} fullWidth />
          </Box>
          <Box sx={span(3)}>
            <TextInput source="window" label="app.window.window" validate={required()} helperText={false} fullWidth />
          </Box>
          <Box sx={span(3)}>
            <TextInput
              source="serviceItem"
              label="app.window.serviceItem"
              validate={required()}
              helperText={false}
              fullWidth
            />
          </Box>
          <Box sx={span(3)}>
            <ReferenceInput
              source="departmentId"
              reference="units"
              filter={{ kind: 'department' }}
              sort={{ field: 'path', order: 'ASC' }}
            >
              <AutocompleteInput
                label="app.window.department"
                optionText="name"
                filterToQuery={(q: string) => ({ q })}
                helperText={false}
                fullWidth
              />
            </ReferenceInput>
          </Box>
          <Box sx={span(6)}>
            <RadioButtonGroupInput
              source="reason"
              label="app.window.reason"
              choices={choicesOf('windowReason')}
              validate={required()}
              helperText={false}
              row
            />
          </Box>
          <Box sx={span(6)}>
            <TextInput
              source="content"
              label="app.window.content"
              multiline
              minRows={3}
              validate={required()}
              fullWidth
            />
          </Box>
          <CitizenFields />
        </Box>
        <Stack direction="row" sx={{ mt: 1 }}>
          <SaveButton label="app.window.submit" alwaysEnable />
        </Stack>
      </Form>
    </CreateBase>
  );
}
