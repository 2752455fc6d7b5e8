import TimerIcon from '@mui/icons-material/Timer';
import type { RaRecord } from 'react-admin';
import { lazyPage } from '../common/lazyPage.tsx';

const SlaPolicyList = lazyPage(() => import('./SlaPolicyList.tsx').then((m) => m.SlaPolicyList));
const SlaPolicyEdit = lazyPage(() => import('./SlaPolicyForm.tsx').then((m) => m.SlaPolicyEdit));
const SlaPolicyCreate = lazyPage(() => import('./SlaPolicyForm.tsx').then((m) => m.SlaPolicyCreate));

export const slaPolicies = {
  list: SlaPolicyList,
  edit: SlaPolicyEdit,
  create: SlaPolicyCreate,
  icon: TimerIcon,
  recordRepresentation: (r: RaRecord) => r.name as string,
};
