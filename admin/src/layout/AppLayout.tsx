import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { LiveProvider } from '../live/LiveContext.tsx';
import { AppBar } from './AppBar.tsx';
import { AppMenu } from './AppMenu.tsx';

/** react-admin's layout with the role menu, and one live stream for everything inside it. */
export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <LiveProvider>
      <Layout menu={AppMenu} appBar={AppBar}>
        {children}
      </Layout>
    </LiveProvider>
  );
}
