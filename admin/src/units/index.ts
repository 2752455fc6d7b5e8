import AccountTreeIcon from '@mui/icons-material/AccountTree';
import type { RaRecord } from 'react-admin';
import { UnitCreate, UnitEdit } from './UnitForm.tsx';
import { UnitTree } from './UnitTree.tsx';

export const units = {
  list: UnitTree,
  edit: UnitEdit,
  create: UnitCreate,
  icon: AccountTreeIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
