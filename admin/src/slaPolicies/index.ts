import TimerIcon from '@mui/icons-material/Timer';
import type { RaRecord } from 'react-admin';
import { SlaPolicyCreate, SlaPolicyEdit } from './SlaPolicyForm.tsx';
import { SlaPolicyList } from './SlaPolicyList.tsx';

export const slaPolicies = {
  list: SlaPolicyList,
  edit: SlaPolicyEdit,
  create: SlaPolicyCreate,
  icon: TimerIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
