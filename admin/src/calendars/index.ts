import EventIcon from '@mui/icons-material/Event';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const CalendarList = lazyPage(() => import('./CalendarList.tsx').then((m) => m.CalendarList));
const CalendarShow = lazyPage(() => import('./CalendarShow.tsx').then((m) => m.CalendarShow));
const CalendarEdit = lazyPage(() => import('./CalendarForm.tsx').then((m) => m.CalendarEdit));
const CalendarCreate = lazyPage(() => import('./CalendarForm.tsx').then((m) => m.CalendarCreate));

export const calendars = {
  list: CalendarList,
  show: CalendarShow,
  edit: CalendarEdit,
  create: CalendarCreate,
  icon: EventIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
