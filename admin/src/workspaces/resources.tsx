import { Resource } from 'react-admin';
import { calendars } from '../calendars/index.ts';
import { catalogue } from '../catalogue/index.ts';
import { categories } from '../categories/index.ts';
import { contacts } from '../contacts/index.ts';
import { dispatches } from '../dispatches/index.ts';
import { kb } from '../intake/kb/index.ts';
import { slaPolicies } from '../slaPolicies/index.ts';
import { templates } from '../templates/index.ts';
import { units } from '../units/index.ts';
import { users } from '../users/index.ts';

const CENTRE_STAFF = ['agent', 'dispatcher', 'supervisor', 'admin'];

/**
 * Resources beyond tickets, by role. A resource not registered for a role is still usable by
 * reference inputs (pickers) but stays out of the role's menu.
 */
export function resourcesFor(role: string) {
  const out = [];
  if (role !== 'agent' && role !== 'window_clerk')
    out.push(<Resource key="dispatches" name="dispatches" {...dispatches} />);
  if (CENTRE_STAFF.includes(role)) out.push(<Resource key="contacts" name="contacts" {...contacts} />);
  if (role === 'supervisor' || role === 'admin') out.push(<Resource key="kb" name="intake/kb" {...kb} />);
  if (role === 'admin') {
    out.push(
      <Resource key="units" name="units" {...units} />,
      <Resource key="users" name="users" {...users} />,
      <Resource key="categories" name="categories" {...categories} />,
      <Resource key="catalogue" name="catalogue" {...catalogue} />,
      <Resource key="calendars" name="calendars" {...calendars} />,
      <Resource key="slaPolicies" name="slaPolicies" {...slaPolicies} />,
      <Resource key="templates" name="templates" {...templates} />,
    );
  }
  return out;
}
