import { Loading, usePermissions } from 'react-admin';
import { AdminHome } from './admin/AdminHome.tsx';
import { AgentWorkspace } from './agent/AgentWorkspace.tsx';
import { ClerkWorkspace } from './clerk/ClerkWorkspace.tsx';
import { DispatcherWorkspace } from './dispatcher/DispatcherWorkspace.tsx';
import { SupervisorWorkspace } from './supervisor/SupervisorWorkspace.tsx';
import { UnitWorkspace } from './unit/UnitWorkspace.tsx';

/** "/" is the role's workspace: each role lands on its main job. */
export function Home() {
  const { permissions: role, isPending } = usePermissions<string>();
  if (isPending) return <Loading />;
  switch (role) {
    case 'agent':
      return <AgentWorkspace />;
    case 'dispatcher':
      return <DispatcherWorkspace />;
    case 'unit_staff':
      return <UnitWorkspace />;
    case 'supervisor':
      return <SupervisorWorkspace />;
    case 'window_clerk':
      return <ClerkWorkspace />;
    default:
      return <AdminHome />;
  }
}
