import CategoryIcon from '@mui/icons-material/Category';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const CategoryList = lazyPage(() => import('./CategoryList.tsx').then((m) => m.CategoryList));
const CategoryEdit = lazyPage(() => import('./CategoryForm.tsx').then((m) => m.CategoryEdit));
const CategoryCreate = lazyPage(() => import('./CategoryForm.tsx').then((m) => m.CategoryCreate));

export const categories = {
  list: CategoryList,
  edit: CategoryEdit,
  create: CategoryCreate,
  icon: CategoryIcon,
  recordRepresentation: (r: RaRecord) => r.fullName as string,
};
