import MenuBookIcon from '@mui/icons-material/MenuBook';
import { lazyPage } from '../common/lazyPage.tsx';

const CatalogueList = lazyPage(() => import('./CatalogueList.tsx').then((m) => m.CatalogueList));
const CatalogueEdit = lazyPage(() => import('./CatalogueForm.tsx').then((m) => m.CatalogueEdit));
const CatalogueCreate = lazyPage(() => import('./CatalogueForm.tsx').then((m) => m.CatalogueCreate));

export const catalogue = {
  list: CatalogueList,
  edit: CatalogueEdit,
  create: CatalogueCreate,
  icon: MenuBookIcon,
};
