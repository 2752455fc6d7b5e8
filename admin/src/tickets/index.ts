import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import type { RaRecord } from 'react-admin';
import { TicketCreate } from './TicketCreate.tsx';
import { TicketEdit } from './TicketEdit.tsx';
import { TicketList } from './TicketList.tsx';
import { TicketShow } from './TicketShow.tsx';

export const tickets = {
  list: TicketList,
  show: TicketShow,
  edit: TicketEdit,
  create: TicketCreate,
  icon: ConfirmationNumberIcon,
  recordRepresentation: (r: RaRecord) => r.ticketNo as string,
};
