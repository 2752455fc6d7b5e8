import { Card, CardContent } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { IntakeForm } from '../intake/IntakeForm.tsx';

/** Registering a ticket outside the call workspace (dispatchers, supervisors). */
export function TicketCreate() {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2, maxWidth: 960 }}>
      <Title title={translate('app.intake.title')} />
      <CardContent>
        <IntakeForm />
      </CardContent>
    </Card>
  );
}
