import PeopleIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const UserList = lazyPage(() => import('./UserList.tsx').then((m) => m.UserList));
const UserEdit = lazyPage(() => import('./UserForm.tsx').then((m) => m.UserEdit));
const UserCreate = lazyPage(() => import('./UserForm.tsx').then((m) => m.UserCreate));

export const users = {
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  icon: PeopleIcon,
  recordRepresentation: (r: RaRecord) => `${r.displayName}（${r.username}）`,
};
