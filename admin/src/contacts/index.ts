import ContactPhoneIcon from '@mui/icons-material/ContactPhone';
import type { RaRecord } from 'react-admin';
import { ContactEdit } from './ContactEdit.tsx';
import { ContactList } from './ContactList.tsx';
import { ContactShow } from './ContactShow.tsx';

export const contacts = {
  list: ContactList,
  show: ContactShow,
  edit: ContactEdit,
  icon: ContactPhoneIcon,
  recordRepresentation: (r: RaRecord) => (r.name as string) || (r.phone as string) || `#${r.id}`,
};
