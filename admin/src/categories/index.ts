import CategoryIcon from '@mui/icons-material/Category';
import type { RaRecord } from 'react-admin';
import { CategoryCreate, CategoryEdit } from './CategoryForm.tsx';
import { CategoryList } from './CategoryList.tsx';

export const categories = {
  list: CategoryList,
  edit: CategoryEdit,
  create: CategoryCreate,
  icon: CategoryIcon,
  recordRepresentation: (r: RaRecord) => r.fullName as string,
};
