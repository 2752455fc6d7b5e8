import LibraryBooksIcon from '@mui/icons-material/LibraryBooks';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../../common/lazyPage.tsx';

const KbList = lazyPage(() => import('./KbList.tsx').then((m) => m.KbList));
const KbEdit = lazyPage(() => import('./KbForm.tsx').then((m) => m.KbEdit));
const KbCreate = lazyPage(() => import('./KbForm.tsx').then((m) => m.KbCreate));

export const kb = {
  list: KbList,
  edit: KbEdit,
  create: KbCreate,
  icon: LibraryBooksIcon,
  recordRepresentation: (r: RaRecord) => r.title as string,
};
