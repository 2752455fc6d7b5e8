import SmsIcon from '@mui/icons-material/Sms';
import type { RaRecord } from 'react-admin';
import { TemplateCreate, TemplateEdit } from './TemplateForm.tsx';
import { TemplateList } from './TemplateList.tsx';

export const templates = {
  list: TemplateList,
  edit: TemplateEdit,
  create: TemplateCreate,
  icon: SmsIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
