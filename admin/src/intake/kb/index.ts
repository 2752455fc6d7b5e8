import LibraryBooksIcon from '@mui/icons-material/LibraryBooks';
import type { RaRecord } from 'react-admin';
import { KbCreate, KbEdit } from './KbForm.tsx';
import { KbList } from './KbList.tsx';

export const kb = {
  list: KbList,
  edit: KbEdit,
  create: KbCreate,
  icon: LibraryBooksIcon,
  recordRepresentation: (r: RaRecord) => r.title as string,
};
