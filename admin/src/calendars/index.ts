import EventIcon from '@mui/icons-material/Event';
import type { RaRecord } from 'react-admin';
import { CalendarCreate, CalendarEdit } from './CalendarForm.tsx';
import { CalendarList } from './CalendarList.tsx';
import { CalendarShow } from './CalendarShow.tsx';

export const calendars = {
  list: CalendarList,
  show: CalendarShow,
  edit: CalendarEdit,
  create: CalendarCreate,
  icon: EventIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
