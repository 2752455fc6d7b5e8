import englishMessages from 'ra-language-english';
import { describe, expect, it } from 'vitest';
import { ENUMS } from '../../admin/src/enums.ts';
import { appZh } from '../../admin/src/i18n/appZh.ts';
import { raZh } from '../../admin/src/i18n/raZh.ts';
import { zhMessages } from '../../admin/src/i18n/zh.ts';
import { eventSummary } from '../../admin/src/tickets/eventSummary.ts';
import type { TicketEvent } from '../../admin/src/tickets/useTicketEvents.ts';
import { EVENT_ACTIONS } from '../../domain/vocabulary.ts';

/** Every leaf key of a nested message object, dotted. */
function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('console translations', () => {
  it('covers every react-admin key of ra-language-english, so no English shows in the Chinese UI', () => {
    const missing = keys(englishMessages).filter((k) => !keys(raZh).includes(k));
    expect(missing).toEqual([]);
  });

  it('keeps the polyglot placeholders of each react-admin message', () => {
    const at = (o: unknown, k: string) =>
      String(k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o));
    const placeholders = (s: string) => [...new Set([...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]))].sort();
    for (const k of keys(raZh)) expect(placeholders(at(raZh, k)), k).toEqual(placeholders(at(englishMessages, k)));
  });

  it('labels every enum code the console shows', () => {
    for (const [group, table] of Object.entries(ENUMS)) {
      for (const [code, label] of Object.entries(table)) {
        expect(label, `${group}.${code}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(Object.keys(zhMessages)).toEqual(expect.arrayContaining(['ra', 'resources', 'app', 'enums']));
  });

  it('names every action of the event log in Chinese, so a ticket’s timeline never shows a code', () => {
    const labels = appZh.event as Record<string, string>;
    const unnamed = EVENT_ACTIONS.filter((a) => !/[\u4e00-\u9fff]/.test(labels[a] ?? ''));
    expect(unnamed).toEqual([]);
  });

  it('summarises an event in words: a closing by its reason’s label, a ruling with its text, a review with its outcome', () => {
    const translate = (key: string, opts?: Record<string, unknown>) => {
      const hit = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], zhMessages);
      return typeof hit === 'string' ? hit : String(opts?._ ?? key);
    };
    const event = (action: string, payload: Record<string, unknown>): TicketEvent => ({
      id: 1,
      ticketId: 1,
      dispatchId: null,
      at: '2026-11-23T02:00:00Z',
      actorId: null,
      actorName: null,
      actorKind: 'user',
      action,
      fromStatus: null,
      toStatus: 'closed',
      unitId: null,
      payload,
    });
    expect(eventSummary(event('ticket.closed', { reason: 'direct_answer' }), translate)).toBe('直接答复办结');
    expect(eventSummary(event('ticket.closed', { closeReason: 'ruled', reason: '诉求超出政策范围' }), translate)).toBe(
      '不满意经认定不合理；诉求超出政策范围',
    );
    expect(
      eventSummary(event('ticket.window_reviewed', { outcome: 'answered', note: '已电话答复。' }), translate),
    ).toBe('已答复；已电话答复');
  });
});
