import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { lazyPage } from './common/lazyPage.tsx';
import { i18nProvider } from './i18n/i18nProvider.ts';
import { LoginPage } from './LoginPage.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { authProvider } from './providers/authProvider.ts';
import { dataProvider } from './providers/dataProvider.ts';
import { theme } from './theme.ts';
import { tickets } from './tickets/index.ts';
import { Home } from './workspaces/Home.tsx';
import { resourcesFor } from './workspaces/resources.tsx';

const QueuesBoard = lazyPage(() => import('./workspaces/admin/QueuesBoard.tsx').then((m) => m.QueuesBoard));

const KpiReportPage = lazyPage(() => import('./kpi/KpiReportPage.tsx').then((m) => m.KpiReportPage));
const KPI_READERS = ['supervisor', 'dispatcher', 'admin'];

const TICKET_CREATORS = ['agent', 'dispatcher', 'supervisor', 'admin'];
const TICKET_EDITORS = TICKET_CREATORS;

/** One console for every role: the home workspace, menu and resources follow the user's role. */
export function App() {
  return (
    <Admin
      title="回音 12345"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={AppLayout}
      loginPage={LoginPage}
      dashboard={Home}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      {(role: string) => (
        <>
          <Resource
            name="tickets"
            {...tickets}
            create={TICKET_CREATORS.includes(role) ? tickets.create : undefined}
            edit={TICKET_EDITORS.includes(role) ? tickets.edit : undefined}
          />
          {resourcesFor(role)}
          <CustomRoutes>
            <Route path="/home" element={<Home />} />
            {role === 'admin' && <Route path="/queues" element={<QueuesBoard />} />}
            {KPI_READERS.includes(role) && <Route path="/kpi" element={<KpiReportPage />} />}
          </CustomRoutes>
        </>
      )}
    </Admin>
  );
}
