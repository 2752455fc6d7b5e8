import AccountTreeIcon from '@mui/icons-material/AccountTree';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const UnitTree = lazyPage(() => import('./UnitTree.tsx').then((m) => m.UnitTree));
const UnitEdit = lazyPage(() => import('./UnitForm.tsx').then((m) => m.UnitEdit));
const UnitCreate = lazyPage(() => import('./UnitForm.tsx').then((m) => m.UnitCreate));

export const units = {
  list: UnitTree,
  edit: UnitEdit,
  create: UnitCreate,
  icon: AccountTreeIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
