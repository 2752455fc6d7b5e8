import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveEvent } from './LiveContext.tsx';

/**
 * Re-fetches the given resources' queries when a live event arrives, at most once a second so a burst
 * of intake does not hammer the API.
 */
export function useLiveRefresh(resources: string[], topicFilter?: (topic: string) => boolean) {
  const client = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = resources.join(',');
  useLiveEvent((e) => {
    if (e.topic === 'ready' || (topicFilter && !topicFilter(e.topic))) return;
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      for (const r of key.split(',')) void client.invalidateQueries({ queryKey: [r] });
    }, 1000);
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
}
