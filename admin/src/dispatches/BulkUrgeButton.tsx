import AlarmIcon from '@mui/icons-material/Alarm';
import { useQueryClient } from '@tanstack/react-query';
import { Button, type HttpError, useListContext, useNotify, useTranslate, useUnselectAll } from 'react-admin';
import { apiCall } from '../providers/httpClient.ts';

/** 批量催办: urges every selected dispatch; the ones the API refuses (already replied…) are counted, not fatal. */
export function BulkUrgeButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const client = useQueryClient();
  const { selectedIds, resource } = useListContext();
  const unselectAll = useUnselectAll(resource);
  const run = async () => {
    const results = await Promise.allSettled(
      selectedIds.map((id) => apiCall('POST', `/dispatches/${id}/urge`, { message: '请抓紧办理' })),
    );
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    const ok = results.length - failed.length;
    if (failed.length) {
      notify('app.dispatch.bulk_urge_partial', {
        type: 'warning',
        messageArgs: { ok, failed: failed.length, reason: (failed[0]?.reason as HttpError)?.message ?? '' },
      });
    } else notify('app.dispatch.bulk_urge_done', { type: 'success', messageArgs: { n: ok } });
    unselectAll();
    void client.invalidateQueries({ queryKey: ['dispatches'] });
  };
  return (
    <Button label={translate('app.dispatch.bulk_urge')} onClick={() => void run()}>
      <AlarmIcon />
    </Button>
  );
}
