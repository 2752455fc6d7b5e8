/**
 * A hand-built event set covering every KPI, with the counters it must produce worked out by hand
 * (see the comments). Used by the pure fold test and, written into ticket_events, by the database tests.
 * Times are Asia/Shanghai wall time in November 2026.
 */
import type { Counter } from '../domain/kpi/counters.ts';

export interface FixtureUnits {
  A: number;
  B: number;
  C: number;
}
export interface FixtureCats {
  X: number;
  Y: number;
}

export type TicketKey = 'T1' | 'T2' | 'T3' | 'T4' | 'T5';
export type DispatchKey = 'D21' | 'D31' | 'D32' | 'D41' | 'D42' | 'D51' | 'D52';

export interface FixtureEvent {
  t: TicketKey;
  d?: DispatchKey;
  /** the dispatch a revisit is about, given in payload.dispatchId rather than the column */
  unit?: keyof FixtureUnits;
  action: string;
  at: string;
  payload?: Record<string, unknown>;
}

export const local = (s: string) => new Date(`2026-${s}:00+08:00`);
const iso = (s: string) => local(s).toISOString();

export const FIXTURE_TICKETS: Record<TicketKey, { channel: string; cat: keyof FixtureCats | null }> = {
  T1: { channel: 'phone', cat: 'X' },
  T2: { channel: 'web', cat: 'X' },
  T3: { channel: 'phone', cat: 'Y' },
  T4: { channel: 'sms', cat: null },
  // created unclassified, classified Y later by a ticket.updated
  T5: { channel: 'phone', cat: 'Y' },
};

export const FIXTURE_DISPATCHES: Record<
  DispatchKey,
  { t: TicketKey; unit: keyof FixtureUnits; role: 'lead' | 'co'; handleDueAt: string | null }
> = {
  D21: { t: 'T2', unit: 'A', role: 'lead', handleDueAt: '11-09T18:00' },
  D31: { t: 'T3', unit: 'A', role: 'lead', handleDueAt: '11-20T18:00' },
  // no deadline in any of its events: the row's handle_due_at (11-25 18:00) decides → late reply on 11-27
  D32: { t: 'T3', unit: 'A', role: 'lead', handleDueAt: '11-25T18:00' },
  D41: { t: 'T4', unit: 'B', role: 'lead', handleDueAt: null },
  D42: { t: 'T4', unit: 'C', role: 'lead', handleDueAt: '11-11T18:00' },
  D51: { t: 'T5', unit: 'C', role: 'lead', handleDueAt: null },
  D52: { t: 'T5', unit: 'B', role: 'co', handleDueAt: '11-10T18:00' },
};

export function fixtureEvents(cats: FixtureCats): FixtureEvent[] {
  return [
    // T1: consultation answered on the call
    { t: 'T1', action: 'ticket.created', at: '11-02T09:00', payload: { channel: 'phone', categoryId: cats.X } },
    { t: 'T1', action: 'ticket.answered_directly', at: '11-02T09:05' },
    { t: 'T1', action: 'ticket.closed', at: '11-02T09:05', payload: { reason: 'direct_answer' } },
    // T2: dispatched to A, signed and replied on time, resolved, satisfied
    { t: 'T2', action: 'ticket.created', at: '11-02T10:00', payload: { channel: 'web', categoryId: cats.X } },
    {
      t: 'T2',
      d: 'D21',
      action: 'dispatch.created',
      at: '11-02T10:10',
      payload: { role: 'lead', signDueAt: iso('11-02T12:10') },
    },
    { t: 'T2', d: 'D21', action: 'dispatch.signed', at: '11-02T11:00' },
    {
      t: 'T2',
      d: 'D21',
      action: 'dispatch.replied',
      at: '11-05T15:00',
      payload: { result: 'resolved', handleDueAt: iso('11-09T18:00') },
    },
    { t: 'T2', d: 'D21', action: 'dispatch.reply_accepted', at: '11-05T16:00' },
    { t: 'T2', d: 'D21', action: 'revisit.recorded', at: '11-06T10:00', payload: { result: 'satisfied' } },
    { t: 'T2', action: 'ticket.closed', at: '11-06T10:00', payload: { reason: 'satisfied' } },
    // T3: deemed signed, extended, replied in the extended window, dissatisfied, re-handled (late round 2)
    { t: 'T3', action: 'ticket.created', at: '11-03T09:00', payload: { channel: 'phone', categoryId: cats.Y } },
    {
      t: 'T3',
      d: 'D31',
      action: 'dispatch.created',
      at: '11-03T09:10',
      payload: { role: 'lead', signDueAt: iso('11-03T11:10') },
    },
    {
      t: 'T3',
      d: 'D31',
      action: 'sla.breached',
      at: '11-03T11:10',
      payload: { kind: 'sign', dueAt: iso('11-03T11:10') },
    },
    {
      t: 'T3',
      d: 'D31',
      action: 'dispatch.deemed_signed',
      at: '11-03T11:10',
      payload: { handleDueAt: iso('11-10T18:00') },
    },
    { t: 'T3', d: 'D31', action: 'dispatch.extension_requested', at: '11-09T10:00' },
    {
      t: 'T3',
      d: 'D31',
      action: 'dispatch.extension_approved',
      at: '11-09T14:00',
      payload: { newDueAt: iso('11-20T18:00') },
    },
    { t: 'T3', d: 'D31', action: 'dispatch.replied', at: '11-19T10:00', payload: { result: 'explained' } },
    { t: 'T3', d: 'D31', action: 'dispatch.reply_accepted', at: '11-19T11:00' },
    {
      t: 'T3',
      action: 'revisit.recorded',
      at: '11-20T09:00',
      payload: { result: 'dissatisfied', dispatchIdOf: 'D31' },
    },
    { t: 'T3', action: 'ticket.rehandle', at: '11-20T09:30' },
    {
      t: 'T3',
      d: 'D32',
      action: 'dispatch.created',
      at: '11-20T09:40',
      payload: { role: 'lead', signDueAt: iso('11-20T11:40') },
    },
    { t: 'T3', d: 'D32', action: 'dispatch.signed', at: '11-20T12:00' },
    { t: 'T3', d: 'D32', action: 'dispatch.replied', at: '11-27T10:00', payload: { result: 'resolved' } },
    { t: 'T3', d: 'D32', action: 'dispatch.reply_accepted', at: '11-27T11:00' },
    { t: 'T3', d: 'D32', action: 'revisit.recorded', at: '11-28T09:00', payload: { result: 'basically_satisfied' } },
    { t: 'T3', action: 'ticket.closed', at: '11-28T09:00', payload: { reason: 'satisfied' } },
    // T4: a repeat; returned by B, re-dispatched to C; urged, breached, reply rejected once; unreachable
    { t: 'T4', action: 'ticket.created', at: '11-04T08:00', payload: { channel: 'sms' } },
    { t: 'T4', action: 'ticket.repeat_linked', at: '11-04T08:01' },
    {
      t: 'T4',
      d: 'D41',
      action: 'dispatch.created',
      at: '11-04T08:30',
      payload: { role: 'lead', signDueAt: iso('11-04T10:30') },
    },
    { t: 'T4', d: 'D41', action: 'dispatch.return_requested', at: '11-04T09:00' },
    { t: 'T4', d: 'D41', action: 'dispatch.return_approved', at: '11-04T09:30' },
    {
      t: 'T4',
      d: 'D42',
      action: 'dispatch.created',
      at: '11-04T09:40',
      payload: { role: 'lead', signDueAt: iso('11-04T11:40') },
    },
    { t: 'T4', d: 'D42', action: 'dispatch.signed', at: '11-04T13:00', payload: { onTime: true } },
    { t: 'T4', d: 'D42', action: 'dispatch.urged', at: '11-06T10:00' },
    {
      t: 'T4',
      d: 'D42',
      action: 'sla.breached',
      at: '11-11T18:00',
      payload: { kind: 'handle', dueAt: iso('11-11T18:00') },
    },
    { t: 'T4', d: 'D42', action: 'dispatch.replied', at: '11-12T10:00', payload: { result: 'resolved' } },
    { t: 'T4', d: 'D42', action: 'dispatch.reply_rejected', at: '11-12T15:00' },
    { t: 'T4', d: 'D42', action: 'dispatch.replied', at: '11-13T10:00', payload: { result: 'resolved' } },
    { t: 'T4', d: 'D42', action: 'dispatch.reply_accepted', at: '11-13T11:00' },
    {
      t: 'T4',
      d: 'D42',
      action: 'revisit.recorded',
      at: '11-14T10:00',
      payload: { result: 'unreachable', nextAttemptAt: iso('11-14T16:00') },
    },
    { t: 'T4', d: 'D42', action: 'revisit.recorded', at: '11-14T16:00', payload: { result: 'unreachable' } },
    { t: 'T4', action: 'ticket.closed', at: '11-16T10:00', payload: { reason: 'unreachable' } },
    // T5: classified after creation; lead C and co-handling B (a co reply completes it); merged at the end
    { t: 'T5', action: 'ticket.created', at: '11-05T08:00', payload: { channel: 'phone' } },
    {
      t: 'T5',
      action: 'ticket.updated',
      at: '11-05T08:10',
      payload: { changes: { categoryId: { from: null, to: cats.Y } } },
    },
    {
      t: 'T5',
      d: 'D51',
      action: 'dispatch.created',
      at: '11-05T08:20',
      payload: { role: 'lead', signDueAt: iso('11-05T12:00') },
    },
    {
      t: 'T5',
      d: 'D52',
      action: 'dispatch.created',
      at: '11-05T08:20',
      payload: { role: 'co', signDueAt: iso('11-05T12:00') },
    },
    { t: 'T5', d: 'D51', action: 'dispatch.signed', at: '11-05T11:00' },
    { t: 'T5', d: 'D52', action: 'dispatch.signed', at: '11-05T11:30' },
    {
      t: 'T5',
      d: 'D52',
      action: 'dispatch.replied',
      at: '11-06T10:00',
      payload: { result: 'resolved', handleDueAt: iso('11-10T18:00') },
    },
    { t: 'T5', action: 'ticket.closed', at: '11-07T10:00', payload: { reason: 'merged' } },
    // T1 reopened and answered again: a second closing; T4 linked as a repeat a second time: not counted again
    { t: 'T1', action: 'ticket.reopened', at: '11-08T09:00' },
    { t: 'T1', action: 'ticket.closed', at: '11-08T10:00', payload: { closeReason: 'direct_answer' } },
    { t: 'T4', action: 'ticket.repeat_linked', at: '11-08T11:00' },
  ];
}

export interface FixtureIds {
  units: FixtureUnits;
  cats: FixtureCats;
  tickets: Record<TicketKey, number>;
  dispatches: Record<DispatchKey, number>;
}

/** The fixture as event rows: dispatch events carry their dispatch's unit, as services/dispatch writes them. */
export function fixtureRows(ids: FixtureIds) {
  return fixtureEvents(ids.cats).map((e) => {
    const payload = { ...(e.payload ?? {}) };
    if (typeof payload.dispatchIdOf === 'string') {
      payload.dispatchId = ids.dispatches[payload.dispatchIdOf as DispatchKey];
      delete payload.dispatchIdOf;
    }
    const d = e.d ? FIXTURE_DISPATCHES[e.d] : null;
    return {
      ticketId: ids.tickets[e.t],
      dispatchId: e.d ? ids.dispatches[e.d] : null,
      unitId: d ? ids.units[d.unit] : null,
      action: e.action,
      at: local(e.at),
      payload,
    };
  });
}

type Expect = Partial<Record<Counter, number>>;

/** Whole-fixture totals, worked out by hand. */
export const EXPECTED_TOTAL: Expect = {
  created: 5,
  directAnswered: 1,
  repeatContacts: 1,
  closed: 5, // T1 (twice: reopened) T2 T3 T4 (T5 merged is not a closure)
  closedDispatched: 3, // T2 T3 T4
  closedRevisited: 2, // T2 T3 (T4 unreachable)
  closedRehandled: 1, // T3
  rehandles: 1,
  revisitReached: 3,
  revisitSatisfied: 1,
  revisitBasic: 1,
  revisitDissatisfied: 1,
  revisitUnreachable: 1,
  dispatches: 7,
  signTotal: 6, // all but the returned D41
  signOnTime: 4, // D21 D42(explicit onTime) D51 D52; D31 deemed, D32 late
  deemedSigned: 1,
  returned: 1,
  returnApproved: 1,
  extensionRequests: 1,
  extensionApproved: 1,
  replies: 6,
  replyRejected: 1,
  completed: 5, // D21 D31 D32 D42 + co D52 on its reply
  completedOnTime: 3, // D21, D31 (extended deadline), D52
  completedExtended: 1,
  completedResolved: 4, // D21 D32 D42 D52
  urged: 1,
  supervised: 0,
  breaches: 2,
};

export const EXPECTED_BY_UNIT: Record<keyof FixtureUnits | 'none', Expect> = {
  A: {
    dispatches: 3,
    signTotal: 3,
    signOnTime: 1,
    deemedSigned: 1,
    completed: 3,
    completedOnTime: 2,
    completedExtended: 1,
    completedResolved: 2,
    revisitReached: 3,
    revisitSatisfied: 1,
    revisitBasic: 1,
    revisitDissatisfied: 1,
    closed: 2,
    closedDispatched: 2,
    closedRevisited: 2,
    closedRehandled: 1,
    rehandles: 1,
    breaches: 1,
    extensionRequests: 1,
    extensionApproved: 1,
    replies: 3,
  },
  B: {
    dispatches: 2,
    returned: 1,
    returnApproved: 1,
    signTotal: 1,
    signOnTime: 1,
    replies: 1,
    completed: 1,
    completedOnTime: 1,
    completedResolved: 1,
  },
  C: {
    dispatches: 2,
    signTotal: 2,
    signOnTime: 2,
    urged: 1,
    breaches: 1,
    replies: 2,
    replyRejected: 1,
    completed: 1,
    completedOnTime: 0,
    completedResolved: 1,
    revisitUnreachable: 1,
    closed: 1,
    closedDispatched: 1,
    closedRevisited: 0,
  },
  none: { created: 5, directAnswered: 1, repeatContacts: 1, closed: 2 },
};

export const EXPECTED_RATES = {
  directAnswerRate: 1 / 5,
  onTimeSignRate: 4 / 6,
  onTimeCompletionRate: 3 / 5,
  resolutionRate: 4 / 5,
  satisfactionRate: 2 / 3,
  revisitRate: 2 / 3,
  repeatContactRate: 1 / 5,
  returnRate: 1 / 7,
  extensionRate: 1 / 5,
  rehandleRate: 1 / 3,
} as const;
