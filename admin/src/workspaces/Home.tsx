import { Typography } from '@mui/material';
import { Loading, usePermissions, useTranslate } from 'react-admin';
import { AgentWorkspace } from './agent/AgentWorkspace.tsx';

/** "/" is the role's workspace: each role lands on its main job. */
export function Home() {
  const { permissions: role, isPending } = usePermissions<string>();
  const translate = useTranslate();
  if (isPending) return <Loading />;
  switch (role) {
    case 'agent':
      return <AgentWorkspace />;
    default:
      return <Typography sx={{ p: 2 }}>{translate('app.menu.home')}</Typography>;
  }
}
