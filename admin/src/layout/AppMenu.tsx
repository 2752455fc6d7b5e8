import DashboardIcon from '@mui/icons-material/Dashboard';
import InsightsIcon from '@mui/icons-material/Insights';
import QueueIcon from '@mui/icons-material/ViewQuilt';
import { Menu, usePermissions } from 'react-admin';

/** The home workspace first, then whatever resources the role may open, then role extras. */
export function AppMenu() {
  const { permissions: role } = usePermissions<string>();
  return (
    <Menu>
      <Menu.Item to="/" primaryText="app.menu.home" leftIcon={<DashboardIcon />} />
      <Menu.ResourceItems />
      {role && ['supervisor', 'dispatcher', 'admin'].includes(role) && (
        <Menu.Item to="/kpi" primaryText="app.menu.kpi" leftIcon={<InsightsIcon />} />
      )}
      {role === 'admin' && <Menu.Item to="/queues" primaryText="app.menu.queues" leftIcon={<QueueIcon />} />}
    </Menu>
  );
}
