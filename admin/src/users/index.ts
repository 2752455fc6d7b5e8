import PeopleIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';
import { UserCreate, UserEdit } from './UserForm.tsx';
import { UserList } from './UserList.tsx';

export const users = {
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  icon: PeopleIcon,
  recordRepresentation: (r: RaRecord) => `${r.displayName}（${r.username}）`,
};
