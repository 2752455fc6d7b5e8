import { type DeadlineBand, deadlineBand } from '../../../domain/sla/band.ts';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** react-admin DateField props: the date in Chinese as Beijing sees it, whatever the browser's language and zone. */
export const beijingDate = { locales: 'zh-CN', options: { timeZone: 'Asia/Shanghai' } } as const;

/** "2026/11/23 10:00" in Beijing time, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d);
}

/** "3天4小时" / "2小时5分" / "45秒": how long, in the words a hotline uses. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}天${h}小时`;
  if (h > 0) return `${h}小时${m}分`;
  if (m > 0) return `${m}分${s % 60}秒`;
  return `${s}秒`;
}

export type Urgency = DeadlineBand | 'done';

/**
 * Colour band by time left (domain/sla/band.ts): red once the deadline passed, amber from the clock's
 * warning time (or the last quarter of the window when there is none), green before.
 */
export function urgencyOf(
  startIso: string | null | undefined,
  dueIso: string | null | undefined,
  now: number,
  warnIso?: string | null,
): Urgency {
  const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
  return deadlineBand({ due: date(dueIso), warnAt: date(warnIso), start: date(startIso) }, new Date(now));
}

export const URGENCY_COLOR: Record<Urgency, string> = {
  none: 'inherit',
  ok: '#2e7d32',
  warn: '#ed6c02',
  overdue: '#d32f2f',
  done: '#757575',
};

export const URGENCY_BG: Record<Urgency, string> = {
  none: 'transparent',
  ok: 'rgba(46,125,50,0.08)',
  warn: 'rgba(237,108,2,0.14)',
  overdue: 'rgba(211,47,47,0.14)',
  done: 'transparent',
};

const short = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "11/23 10:00": for narrow queue columns. */
export function formatShort(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : short.format(d);
}
