/**
 * The fold from the event log to rollup deltas. Pure: the caller loads the facts of the tickets and
 * dispatches a batch touches (and seeds from their rows for ones never seen), calls foldEvents with the
 * events in id order, then saves the changed facts and the deltas in one transaction with the watermark.
 *
 * Facts are the little per-ticket / per-dispatch state the KPIs need ("already signed once?", "was it
 * extended?", "deadline in force"): folding the same events in the same order from the same facts always
 * gives the same deltas, which is why an incremental run and a full rebuild agree.
 */
import type { EventCounter } from './counters.ts';
import { localDateOf } from './periods.ts';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;
/** Local dates by local day number: formatting a date per event is measurable in a bulk replay. */
const dayCache = new Map<number, string>();
function localDay(at: number): string {
  const n = Math.floor((at + SHANGHAI_MS) / DAY_MS);
  let s = dayCache.get(n);
  if (s === undefined) {
    s = localDateOf(at);
    if (dayCache.size > 20_000) dayCache.clear();
    dayCache.set(n, s);
  }
  return s;
}

export interface KpiEvent {
  id: number;
  ticketId: number;
  dispatchId: number | null;
  unitId: number | null;
  /** epoch ms */
  at: number;
  action: string;
  toStatus: string | null;
  payload: Record<string, unknown>;
}

export interface TicketFacts {
  channel: string;
  /** Category as of the last event folded; 0 = not classified. */
  categoryId: number;
  /**
   * Unit of the latest lead dispatch, or for a cluster member answered through its lead the unit of the
   * lead dispatch that answered it; 0 = none (centre level).
   */
  leadUnitId: number;
  /** Handled through a dispatch: one of its own, or (cluster member) its lead's. */
  dispatched: boolean;
  direct: boolean;
  closed: boolean;
  reached: boolean;
  rehandled: boolean;
  /** Linked as a repeat contact already (absent in facts written before the field existed). */
  repeat?: boolean;
}

export interface DispatchFacts {
  ticketId: number;
  unitId: number;
  role: string;
  /** Deadlines as last seen in the dispatch's events (epoch ms). */
  signDue: number | null;
  handleDue: number | null;
  signCounted: boolean;
  signBreached: boolean;
  handleBreached: boolean;
  returned: boolean;
  extended: boolean;
  replyAt: number | null;
  replyOnTime: boolean | null;
  replyResult: string | null;
  completed: boolean;
}

/** What the tickets row says, for a ticket whose facts do not exist yet. */
export interface TicketSeed {
  channel: string;
  /** The category the ticket had when it was created (see services/kpi/facts.ts). */
  categoryId: number | null;
}

/** What the dispatches row says: unit and role never change; deadlines are the fallback of last resort. */
export interface DispatchSeed {
  ticketId: number;
  unitId: number;
  role: string;
  signDueAt: number | null;
  handleDueAt: number | null;
}

export interface FoldState {
  tickets: Map<number, TicketFacts>;
  dispatches: Map<number, DispatchFacts>;
  ticketSeeds: Map<number, TicketSeed>;
  dispatchSeeds: Map<number, DispatchSeed>;
  /** Ids whose facts changed and must be saved. */
  dirtyTickets: Set<number>;
  dirtyDispatches: Set<number>;
}

export interface Delta {
  eventId: number;
  /** Local date 'YYYY-MM-DD' of the event. */
  day: string;
  unitId: number;
  categoryId: number;
  channel: string;
  counter: EventCounter;
}

export function emptyFoldState(): FoldState {
  return {
    tickets: new Map(),
    dispatches: new Map(),
    ticketSeeds: new Map(),
    dispatchSeeds: new Map(),
    dirtyTickets: new Set(),
    dirtyDispatches: new Set(),
  };
}

export const REACHED_RESULTS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

const RESULT_COUNTER: Record<string, EventCounter> = {
  satisfied: 'revisitSatisfied',
  basically_satisfied: 'revisitBasic',
  dissatisfied: 'revisitDissatisfied',
  unreachable: 'revisitUnreachable',
};

/** ISO string or epoch ms in a payload → epoch ms; anything else → null. */
export function instantOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

const boolOf = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const intOf = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
const strOf = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Actions that can change a counter or a fact; the rest (messages, notes, archiving…) are passed over. */
export function isFoldRelevant(action: string): boolean {
  return (
    action.startsWith('dispatch.') ||
    action.startsWith('sla.') ||
    action === 'ticket.created' ||
    action === 'ticket.updated' ||
    action === 'ticket.answered_directly' ||
    action === 'ticket.repeat_linked' ||
    action === 'ticket.closed' ||
    action === 'ticket.reopened' ||
    action === 'ticket.cluster_reply' ||
    action === 'ticket.rehandle' ||
    action === 'revisit.recorded'
  );
}

/** The dispatch an event concerns: its dispatch_id column, else payload.dispatchId (revisits). */
export function dispatchIdOf(e: Pick<KpiEvent, 'dispatchId' | 'payload'>): number | null {
  return e.dispatchId ?? intOf(e.payload.dispatchId);
}

/** The category an event sets, if any: ticket.updated {changes: {categoryId: {to}}} or payload.categoryId. */
function categoryChange(e: KpiEvent): { set: boolean; to: number } {
  if (e.action === 'ticket.updated') {
    const changes = e.payload.changes as Record<string, { to?: unknown }> | undefined;
    if (changes && typeof changes === 'object' && 'categoryId' in changes) {
      return { set: true, to: intOf(changes.categoryId?.to) ?? 0 };
    }
    return { set: false, to: 0 };
  }
  if (e.action === 'ticket.created' || e.action === 'dispatch.created') {
    const c = intOf(e.payload.categoryId);
    if (c !== null) return { set: true, to: c };
  }
  return { set: false, to: 0 };
}

/** Deadlines some events carry: {signDueAt}, {handleDueAt}, or SLA events {kind, dueAt | newDueAt}. */
function captureDues(d: DispatchFacts, p: Record<string, unknown>): void {
  const sign = instantOf(p.signDueAt);
  if (sign !== null) d.signDue = sign;
  const handle = instantOf(p.handleDueAt);
  if (handle !== null) d.handleDue = handle;
  const due = instantOf(p.newDueAt) ?? instantOf(p.dueAt);
  if (due !== null) {
    if (p.kind === 'sign') d.signDue = due;
    else if (p.kind === 'handle') d.handleDue = due;
  }
}

/**
 * Folds events (in id order) into deltas, updating the facts in `state`. Each delta is one +1 on one
 * counter of one rollup row (day × unit × category × channel).
 */
export function foldEvents(events: readonly KpiEvent[], state: FoldState): Delta[] {
  const out: Delta[] = [];

  const ticket = (id: number, e: KpiEvent): TicketFacts => {
    let t = state.tickets.get(id);
    if (!t) {
      const seed = state.ticketSeeds.get(id);
      t = {
        channel: seed?.channel ?? strOf(e.payload.channel) ?? 'unknown',
        categoryId: seed?.categoryId ?? 0,
        leadUnitId: 0,
        dispatched: false,
        direct: false,
        closed: false,
        reached: false,
        rehandled: false,
      };
      state.tickets.set(id, t);
    }
    state.dirtyTickets.add(id);
    return t;
  };

  const dispatch = (id: number, e: KpiEvent): DispatchFacts => {
    let d = state.dispatches.get(id);
    if (!d) {
      const seed = state.dispatchSeeds.get(id);
      d = {
        ticketId: seed?.ticketId ?? e.ticketId,
        unitId: e.unitId ?? seed?.unitId ?? 0,
        role: strOf(e.payload.role) ?? seed?.role ?? 'lead',
        signDue: null,
        handleDue: null,
        signCounted: false,
        signBreached: false,
        handleBreached: false,
        returned: false,
        extended: false,
        replyAt: null,
        replyOnTime: null,
        replyResult: null,
        completed: false,
      };
      state.dispatches.set(id, d);
    }
    state.dirtyDispatches.add(id);
    return d;
  };

  for (const e of events) {
    if (!isFoldRelevant(e.action)) continue;
    const t = ticket(e.ticketId, e);
    const day = localDay(e.at);
    const count = (counter: EventCounter, unitId: number) =>
      out.push({ eventId: e.id, day, unitId, categoryId: t.categoryId, channel: t.channel, counter });
    const dispatchId = dispatchIdOf(e);
    const d = dispatchId !== null && e.action.startsWith('dispatch.') ? dispatch(dispatchId, e) : null;
    const seed = dispatchId !== null ? state.dispatchSeeds.get(dispatchId) : undefined;
    if (d) captureDues(d, e.payload);

    const cat = categoryChange(e);
    if (cat.set) t.categoryId = cat.to;

    switch (e.action) {
      case 'ticket.created':
        if (typeof e.payload.channel === 'string' && t.channel === 'unknown') t.channel = e.payload.channel;
        count('created', 0);
        break;
      case 'ticket.answered_directly':
        if (!t.direct) {
          t.direct = true;
          count('directAnswered', 0);
        }
        break;
      case 'ticket.repeat_linked':
        if (!t.repeat) {
          t.repeat = true;
          count('repeatContacts', 0);
        }
        break;
      case 'ticket.reopened':
        // A reopened matter is a new handling cycle: its next closing counts, judged on its own revisits.
        t.closed = false;
        t.reached = false;
        t.rehandled = false;
        break;
      case 'ticket.closed': {
        // closeReason is the code; `reason` is the code only on a direct answer's closing (a ruling's is text).
        const reason = strOf(e.payload.closeReason) ?? strOf(e.payload.reason);
        if (t.closed || reason === 'merged' || e.toStatus === 'merged') break;
        t.closed = true;
        count('closed', t.leadUnitId);
        if (t.dispatched) {
          count('closedDispatched', t.leadUnitId);
          if (t.reached) count('closedRevisited', t.leadUnitId);
          if (t.rehandled) count('closedRehandled', t.leadUnitId);
        }
        break;
      }
      case 'ticket.cluster_reply': {
        // A merged cluster member has no dispatch of its own for the round its lead answers: the lead's
        // dispatch served its citizen, so the member's closing, re-handle and revisits belong to that
        // dispatch's unit (its rates and rankings include every citizen it answered), not to the centre level.
        const served = dispatchId !== null ? (state.dispatches.get(dispatchId) ?? seed) : undefined;
        const unitId = served?.unitId ?? e.unitId ?? 0;
        if (unitId) {
          t.dispatched = true;
          t.leadUnitId = unitId;
        }
        break;
      }
      case 'ticket.rehandle':
        count('rehandles', t.leadUnitId);
        t.rehandled = true;
        break;
      case 'revisit.recorded': {
        const result = strOf(e.payload.result);
        const revisited = dispatchId !== null ? state.dispatches.get(dispatchId) : undefined;
        const unit = revisited?.unitId ?? seed?.unitId ?? t.leadUnitId;
        const counter = result ? RESULT_COUNTER[result] : undefined;
        // An unreachable attempt with a retry scheduled is not the revisit's outcome yet.
        if (!counter || (counter === 'revisitUnreachable' && e.payload.nextAttemptAt)) break;
        if (counter !== 'revisitUnreachable') {
          count('revisitReached', unit);
          t.reached = true;
        }
        count(counter, unit);
        break;
      }
      case 'dispatch.created':
        if (!d) break;
        t.dispatched = true;
        if (d.role === 'lead') t.leadUnitId = d.unitId;
        count('dispatches', d.unitId);
        break;
      case 'dispatch.signed':
        if (!d || d.signCounted) break;
        d.signCounted = true;
        count('signTotal', d.unitId);
        if (signedOnTime(e, d, seed)) count('signOnTime', d.unitId);
        break;
      case 'dispatch.deemed_signed':
        if (!d || d.signCounted) break;
        d.signCounted = true;
        count('signTotal', d.unitId);
        count('deemedSigned', d.unitId);
        break;
      case 'dispatch.return_requested':
        if (!d || d.returned) break;
        d.returned = true;
        count('returned', d.unitId);
        break;
      case 'dispatch.return_approved':
        if (d) count('returnApproved', d.unitId);
        break;
      case 'dispatch.extension_requested':
        if (d) count('extensionRequests', d.unitId);
        break;
      case 'dispatch.extension_approved':
        if (!d) break;
        d.extended = true;
        d.handleDue = instantOf(e.payload.newDueAt) ?? instantOf(e.payload.approvedDueAt) ?? d.handleDue;
        count('extensionApproved', d.unitId);
        break;
      case 'dispatch.replied':
        if (!d) break;
        count('replies', d.unitId);
        d.replyAt = e.at;
        d.replyResult = strOf(e.payload.result);
        d.replyOnTime = repliedOnTime(e, d, seed);
        // Co-handling replies feed the lead's and are never reviewed: the reply completes them.
        if (d.role === 'co') complete(d, e, count);
        break;
      case 'dispatch.reply_rejected':
        if (d) count('replyRejected', d.unitId);
        break;
      case 'dispatch.reply_accepted':
        if (!d) break;
        if (d.replyOnTime === null) d.replyOnTime = repliedOnTime(e, d, seed);
        complete(d, e, count);
        break;
      case 'dispatch.urged':
        count('urged', d?.unitId ?? e.unitId ?? t.leadUnitId);
        break;
      case 'dispatch.supervised':
        count('supervised', d?.unitId ?? e.unitId ?? t.leadUnitId);
        break;
      case 'sla.breached': {
        const known = dispatchId !== null ? dispatch(dispatchId, e) : null;
        if (known) {
          if (e.payload.kind === 'sign') known.signBreached = true;
          if (e.payload.kind === 'handle') known.handleBreached = true;
        }
        count('breaches', known?.unitId ?? e.unitId ?? 0);
        break;
      }
      case 'sla.paused':
      case 'sla.resumed':
      case 'sla.recomputed':
      case 'sla.warning':
        if (dispatchId !== null) captureDues(dispatch(dispatchId, e), e.payload);
        break;
      default:
        break;
    }
  }
  return out;
}

function signedOnTime(e: KpiEvent, d: DispatchFacts, seed: DispatchSeed | undefined): boolean {
  const explicit = boolOf(e.payload.onTime);
  if (explicit !== null) return explicit;
  const due = instantOf(e.payload.signDueAt) ?? d.signDue ?? seed?.signDueAt ?? null;
  return due !== null ? e.at <= due : !d.signBreached;
}

function repliedOnTime(e: KpiEvent, d: DispatchFacts, seed: DispatchSeed | undefined): boolean {
  const explicit = boolOf(e.payload.onTime);
  if (explicit !== null) return explicit;
  const at = d.replyAt ?? e.at;
  const due = instantOf(e.payload.handleDueAt) ?? d.handleDue ?? seed?.handleDueAt ?? null;
  return due !== null ? at <= due : !d.handleBreached;
}

function complete(d: DispatchFacts, e: KpiEvent, count: (c: EventCounter, unit: number) => void): void {
  if (d.completed) return;
  d.completed = true;
  count('completed', d.unitId);
  if (d.replyOnTime ?? true) count('completedOnTime', d.unitId);
  if (d.extended) count('completedExtended', d.unitId);
  if ((strOf(e.payload.result) ?? d.replyResult) === 'resolved') count('completedResolved', d.unitId);
}
