import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { getToken } from '../providers/session.ts';

/** One server-sent event, whatever its wire form (named event or `{topic,data}` in the default one). */
export interface LiveEvent {
  topic: string;
  data: Record<string, unknown>;
}

type Listener = (e: LiveEvent) => void;

interface LiveApi {
  connected: boolean;
  subscribe(fn: Listener): () => void;
}

const LiveCtx = createContext<LiveApi>({ connected: false, subscribe: () => () => undefined });

/** Topics the API publishes as named SSE events (EventSource only delivers names it listens to). */
export const LIVE_TOPICS = [
  'ready',
  'call.screen_pop',
  'call.missed',
  'ticket.created',
  'ticket.updated',
  'ticket.info_provided',
  'dispatch.queue',
  'supervision.opened',
  'supervision.escalated',
  'revisit.due',
  'message.received',
] as const;

function parse(type: string, raw: string): LiveEvent | null {
  try {
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (type === 'message' && typeof body.topic === 'string') {
      const data = (body.data ?? body) as Record<string, unknown>;
      return { topic: body.topic, data };
    }
    return { topic: type, data: body };
  } catch {
    return null;
  }
}

/**
 * One EventSource per console, shared by every widget: queues refresh and the screen pop appears without
 * a reload. Reconnects with a growing delay when the stream drops (or is not served yet).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let es: EventSource | null = null;
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const emit = (type: string, raw: string) => {
      const ev = parse(type, raw);
      if (ev) for (const fn of listeners.current) fn(ev);
    };
    const open = () => {
      const token = getToken();
      if (stopped || !token) return;
      es = new EventSource(`/api/stream?access_token=${encodeURIComponent(token)}`);
      es.onopen = () => {
        delay = 2000;
        setConnected(true);
      };
      // A stream that answered but is not SSE (an older server) is treated as absent.
      es.onmessage = (e) => emit('message', e.data);
      for (const t of LIVE_TOPICS) es.addEventListener(t, (e) => emit(t, (e as MessageEvent).data));
      es.onerror = () => {
        setConnected(false);
        es?.close();
        es = null;
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 60_000);
      };
    };
    open();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      es?.close();
    };
  }, []);
  const api = useMemo<LiveApi>(
    () => ({
      connected,
      subscribe(fn) {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
    }),
    [connected],
  );
  return <LiveCtx.Provider value={api}>{children}</LiveCtx.Provider>;
}

export function useLive(): LiveApi {
  return useContext(LiveCtx);
}

/** Calls `fn` for each live event (latest `fn` without resubscribing). */
export function useLiveEvent(fn: Listener) {
  const { subscribe } = useLive();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}
