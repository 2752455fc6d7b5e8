import { Resource } from 'react-admin';
import { categories } from '../categories/index.ts';
import { contacts } from '../contacts/index.ts';
import { units } from '../units/index.ts';
import { users } from '../users/index.ts';

const CENTRE_STAFF = ['agent', 'dispatcher', 'supervisor', 'admin'];

/**
 * Resources beyond tickets, by role. A resource not registered for a role is still usable by
 * reference inputs (pickers) but stays out of the role's menu.
 */
export function resourcesFor(role: string) {
  const out = [];
  if (CENTRE_STAFF.includes(role)) out.push(<Resource key="contacts" name="contacts" {...contacts} />);
  if (role === 'admin') {
    out.push(
      <Resource key="units" name="units" {...units} />,
      <Resource key="users" name="users" {...users} />,
      <Resource key="categories" name="categories" {...categories} />,
    );
  }
  return out;
}
