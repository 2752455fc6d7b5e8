import { Box, Typography } from '@mui/material';
import { Login, LoginForm, useTranslate } from 'react-admin';

/** react-admin's login with the centre's name and the demo accounts. */
export function LoginPage() {
  const translate = useTranslate();
  return (
    <Login sx={{ background: 'linear-gradient(135deg, #b71c1c 0%, #5d0a0a 100%)' }}>
      <Box sx={{ px: 2, pt: 1, textAlign: 'center' }}>
        <Typography variant="h6">{translate('app.login.title')}</Typography>
      </Box>
      <LoginForm />
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', px: 2, pb: 2, maxWidth: 300 }}>
        {translate('app.login.hint')}
      </Typography>
    </Login>
  );
}
