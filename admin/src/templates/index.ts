import SmsIcon from '@mui/icons-material/Sms';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const TemplateList = lazyPage(() => import('./TemplateList.tsx').then((m) => m.TemplateList));
const TemplateEdit = lazyPage(() => import('./TemplateForm.tsx').then((m) => m.TemplateEdit));
const TemplateCreate = lazyPage(() => import('./TemplateForm.tsx').then((m) => m.TemplateCreate));

export const templates = {
  list: TemplateList,
  edit: TemplateEdit,
  create: TemplateCreate,
  icon: SmsIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
