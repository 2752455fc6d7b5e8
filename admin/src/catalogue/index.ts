import MenuBookIcon from '@mui/icons-material/MenuBook';
import { CatalogueCreate, CatalogueEdit } from './CatalogueForm.tsx';
import { CatalogueList } from './CatalogueList.tsx';

export const catalogue = {
  list: CatalogueList,
  edit: CatalogueEdit,
  create: CatalogueCreate,
  icon: MenuBookIcon,
};
