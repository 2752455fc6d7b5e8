import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import type { RaRecord } from 'react-admin';
import { DispatchList } from './DispatchList.tsx';

export const dispatches = {
  list: DispatchList,
  icon: AssignmentIndIcon,
  recordRepresentation: (r: RaRecord) => `${r.ticketNo} · ${r.unitName}`,
};
