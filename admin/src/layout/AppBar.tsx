import { Box, Chip, Tooltip, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useGetIdentity, useTranslate } from 'react-admin';
import { useLive } from '../live/LiveContext.tsx';

function LiveDot() {
  const { connected } = useLive();
  const translate = useTranslate();
  return (
    <Tooltip title={translate(connected ? 'app.live.on' : 'app.live.off')}>
      <Box
        data-testid="live-dot"
        data-connected={connected}
        sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: connected ? '#66bb6a' : '#bdbdbd', mx: 1 }}
      />
    </Tooltip>
  );
}

function Who() {
  const { data } = useGetIdentity();
  const translate = useTranslate();
  if (!data) return null;
  const role = typeof data.role === 'string' ? data.role : '';
  return (
    <Box sx={{ display: { xs: 'none', md: 'flex' }, alignItems: 'center', gap: 1, mr: 1 }}>
      <Chip
        size="small"
        label={translate(`enums.role.${role}`, { _: role })}
        sx={{ color: 'inherit' }}
        variant="outlined"
      />
      <Typography variant="body2" data-testid="who">
        {data.fullName}
        {data.unitName ? ` · ${String(data.unitName)}` : ''}
      </Typography>
    </Box>
  );
}

export function AppBar() {
  return (
    <RaAppBar color="primary">
      <TitlePortal />
      <Who />
      <LiveDot />
    </RaAppBar>
  );
}
