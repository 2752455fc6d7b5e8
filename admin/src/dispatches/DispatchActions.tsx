import { Stack } from '@mui/material';
import type { ReactNode } from 'react';
import type { RaRecord } from 'react-admin';
import { CancelButton } from './actions/CancelButton.tsx';
import { DecideExtensionButtons } from './actions/DecideExtensionButtons.tsx';
import { DecideReturnButtons } from './actions/DecideReturnButtons.tsx';
import { ExtensionButton } from './actions/ExtensionButton.tsx';
import { ReplyButton } from './actions/ReplyButton.tsx';
import { ReturnButton } from './actions/ReturnButton.tsx';
import { ReviewButtons } from './actions/ReviewButtons.tsx';
import { SignButton } from './actions/SignButton.tsx';
import { TransferButton } from './actions/TransferButton.tsx';
import { UrgeButton } from './actions/UrgeButton.tsx';

/**
 * The buttons for what the viewer may do now on this dispatch: the API computes `allowedActions` from
 * the state machine, the viewer's role and unit, so the console never offers an illegal transition.
 */
export function DispatchActions({ record, only, extra }: { record: RaRecord; only?: string[]; extra?: ReactNode }) {
  const id = Number(record.id);
  const allowed = new Set<string>(
    ((record.allowedActions as string[] | undefined) ?? []).filter((a) => !only || only.includes(a)),
  );
  if (!allowed.size && !extra) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" onClick={(e) => e.stopPropagation()}>
      {allowed.has('sign') && <SignButton id={id} />}
      {allowed.has('reply') && <ReplyButton id={id} />}
      {allowed.has('request_extension') && <ExtensionButton id={id} />}
      {allowed.has('request_return') && <ReturnButton id={id} />}
      {(allowed.has('approve_return') || allowed.has('override_return')) && <DecideReturnButtons id={id} />}
      {(allowed.has('approve_extension') || allowed.has('reject_extension')) && <DecideExtensionButtons id={id} />}
      {(allowed.has('accept_reply') || allowed.has('reject_reply')) && <ReviewButtons id={id} />}
      {allowed.has('urge') && <UrgeButton id={id} />}
      {allowed.has('transfer') && <TransferButton id={id} />}
      {allowed.has('cancel') && <CancelButton id={id} />}
      {extra}
    </Stack>
  );
}
