import { Loading, usePermissions } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';
import { AgentWorkspace } from './agent/AgentWorkspace.tsx';

// The agent's workspace is in the first bundle (it is the screen that must come up fast); the others load on use.
const AdminHome = lazyPage(() => import('./admin/AdminHome.tsx').then((m) => m.AdminHome));
const ClerkWorkspace = lazyPage(() => import('./clerk/ClerkWorkspace.tsx').then((m) => m.ClerkWorkspace));
const DispatcherWorkspace = lazyPage(() =>
  import('./dispatcher/DispatcherWorkspace.tsx').then((m) => m.DispatcherWorkspace),
);
const SupervisorWorkspace = lazyPage(() =>
  import('./supervisor/SupervisorWorkspace.tsx').then((m) => m.SupervisorWorkspace),
);
const UnitWorkspace = lazyPage(() => import('./unit/UnitWorkspace.tsx').then((m) => m.UnitWorkspace));

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
