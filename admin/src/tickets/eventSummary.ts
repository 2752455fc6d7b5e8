import { formatDateTime } from '../common/time.ts';
import type { TicketEvent } from './useTicketEvents.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const TEXT_KEYS = ['question', 'reasonText', 'reason', 'summary', 'answer', 'note', 'comment', 'message', 'text'];

/**
 * The human part of an event's payload in one line: reasons, reply texts, results, the deadlines it set
 * and what an edit changed. Unknown payload keys are left out rather than shown raw.
 */
export function eventSummary(e: TicketEvent, translate: Translate): string {
  const p = e.payload ?? {};
  const parts: string[] = [];
  const str = (k: string) => (typeof p[k] === 'string' && p[k] ? (p[k] as string) : null);
  const when = (k: string) => (str(k) ? formatDateTime(str(k)) : null);
  if (str('unitName')) parts.push(`→ ${str('unitName')}`);
  if (str('reasonCode')) parts.push(translate(`enums.returnReason.${str('reasonCode')}`, { _: str('reasonCode') }));
  if (str('result')) {
    const group = e.action.startsWith('revisit') || e.action === 'ticket.closed' ? 'revisitResult' : 'replyResult';
    parts.push(translate(`enums.${group}.${str('result')}`, { _: str('result') }));
  }
  if (e.action.startsWith('sla.') && str('kind'))
    parts.push(translate(`enums.clockKind.${str('kind')}`, { _: str('kind') }));
  if (e.action === 'ticket.window_reviewed' && str('outcome'))
    parts.push(translate(`enums.windowReviewOutcome.${str('outcome')}`, { _: str('outcome') }));
  if (e.action === 'ticket.info_provided' && str('via'))
    parts.push(translate(`enums.channel.${str('via')}`, { _: str('via') }));
  // A closing names its reason by code (closeReason; `reason` on a direct answer): its label, not the code.
  const closeCode = e.action === 'ticket.closed' ? (str('closeReason') ?? str('reason')) : null;
  if (closeCode) parts.push(translate(`enums.closeReason.${closeCode}`, { _: closeCode }));
  for (const k of TEXT_KEYS) if (str(k) && str(k) !== closeCode) parts.push(str(k) as string);
  if (when('requestedDueAt')) parts.push(translate('app.event_detail.requested', { at: when('requestedDueAt') }));
  if (when('handleDueAt') && (e.action === 'dispatch.signed' || e.action === 'dispatch.deemed_signed'))
    parts.push(translate('app.event_detail.handle_due', { at: when('handleDueAt') }));
  if (when('signDueAt') && e.action === 'dispatch.created')
    parts.push(translate('app.event_detail.sign_due', { at: when('signDueAt') }));
  if (
    when('dueAt') &&
    (e.action.startsWith('sla.') ||
      e.action === 'revisit.due' ||
      e.action === 'ticket.info_requested' ||
      e.action.startsWith('dispatch.extension'))
  )
    parts.push(translate('app.event_detail.due', { at: when('dueAt') }));
  if (p.onTime === false) parts.push(translate('app.event_detail.late'));
  const changes = p.changes as Record<string, { to: unknown }> | undefined;
  if (changes && typeof changes === 'object') {
    for (const [field, c] of Object.entries(changes)) {
      parts.push(`${translate(`resources.tickets.fields.${field}`, { _: field })}：${String(c?.to ?? '（空）')}`);
    }
  }
  // A question or reply that ends its own sentence needs no second stop before the next part.
  return parts.map((s) => s.replace(/[。；;]+$/, '')).join('；');
}
