import { Stack } from '@mui/material';
import { useState } from 'react';
import { CreateBase, Form, RadioButtonGroupInput, required, SaveButton, TextInput, useNotify } from 'react-admin';
import { choicesOf } from '../choices.ts';
import { cleanIntake } from '../intake/IntakeFields.tsx';

/** 好差评登记: a citizen's rating of a window; the two lowest open a revisit and a fix with deadlines. */
export function ReviewForm() {
  const notify = useNotify();
  const [generation, setGeneration] = useState(0);
  return (
    <CreateBase
      resource="reviews"
      key={generation}
      redirect={false}
      transform={cleanIntake}
      mutationOptions={{
        onSuccess: () => {
          notify('app.review.saved', { type: 'success' });
          setGeneration((g) => g + 1);
        },
      }}
    >
      <Form defaultValues={{ rating: 'satisfied' }}>
        <Stack direction="row" spacing={1.5}>
          <TextInput source="hall" label="app.window.hall" validate={required()} helperText={false} />
          <TextInput source="windowName" label="app.window.window" helperText={false} />
          <TextInput source="matter" label="app.window.serviceItem" helperText={false} />
        </Stack>
        <RadioButtonGroupInput
          source="rating"
          label="app.review.rating"
          choices={choicesOf('reviewRating')}
          validate={required()}
          helperText={false}
          row
        />
        <TextInput source="comment" label="app.review.comment" multiline fullWidth helperText={false} />
        <SaveButton label="app.review.submit" alwaysEnable />
      </Form>
    </CreateBase>
  );
}
