import { describe, expect, it } from 'vitest';
import {
  type ActorInfo,
  allowedActions,
  DISPATCH_ACTIONS,
  type DispatchSnapshot,
  decide,
  TRANSITIONS,
} from '../domain/dispatch/machine.ts';
import { pendingCoMembers, type RoundMember } from '../domain/dispatch/round.ts';
import { MAX_RETURNS_PER_TICKET } from '../domain/dispatch/rules.ts';
import { DISPATCH_STATES, type DispatchState } from '../domain/dispatch/states.ts';

const NOW = new Date('2026-11-23T03:00:00Z');
const LATER = new Date('2026-11-23T05:00:00Z');
const UNIT = 7;

const unitStaff: ActorInfo = { role: 'unit_staff', unitId: UNIT, unitPath: '/1/3/7/' };
const otherUnit: ActorInfo = { role: 'unit_staff', unitId: 8, unitPath: '/1/3/8/' };
const dispatcher: ActorInfo = { role: 'dispatcher', unitId: 1 };
const system: ActorInfo = { role: 'system', unitId: null };
const agent: ActorInfo = { role: 'agent', unitId: 1 };

function snap(state: DispatchState, over: Partial<DispatchSnapshot> = {}): DispatchSnapshot {
  return {
    state,
    extensionStatus: null,
    role: 'lead',
    unitId: UNIT,
    signDueAt: LATER,
    handleDueAt: new Date('2026-11-30T09:30:00Z'),
    ...over,
  };
}

describe('dispatch state machine: the happy path', () => {
  it('dispatched → handling (sign) → replied → accepted', () => {
    const s1 = decide('sign', snap('dispatched'), unitStaff, { now: NOW });
    expect(s1).toMatchObject({ ok: true, to: 'handling' });
    const s2 = decide('reply', snap('handling'), unitStaff, { now: NOW });
    expect(s2).toMatchObject({ ok: true, to: 'replied' });
    const s3 = decide('accept_reply', snap('replied'), dispatcher, { now: NOW });
    expect(s3).toMatchObject({ ok: true, to: 'accepted' });
  });

  it('a rejected reply goes back to handling; a deemed signature is the system’s', () => {
    expect(decide('reject_reply', snap('replied'), dispatcher, { now: NOW })).toMatchObject({
      ok: true,
      to: 'handling',
    });
    expect(decide('deem_sign', snap('dispatched'), system, { now: LATER })).toMatchObject({ ok: true, to: 'handling' });
    expect(decide('deem_sign', snap('dispatched'), unitStaff, { now: LATER })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });
});

describe('every (action, state) pair: allowed from-states succeed, all others are 409 with the current state', () => {
  const actorFor = (action: (typeof DISPATCH_ACTIONS)[number]): ActorInfo => {
    const roles = TRANSITIONS[action].roles;
    // Transfers are the centre's in every working state (a unit only forwards down, not while returning).
    if (action === 'transfer') return dispatcher;
    if (roles.includes('unit_staff')) return unitStaff;
    if (roles.includes('dispatcher')) return dispatcher;
    return system;
  };
  for (const action of DISPATCH_ACTIONS) {
    for (const state of DISPATCH_STATES) {
      it(`${action} from ${state}`, () => {
        const rule = TRANSITIONS[action];
        const s = snap(state, { extensionStatus: rule.extension?.from.includes('requested') ? 'requested' : null });
        const ctx = {
          now: NOW,
          dueAt: action === 'request_extension' ? new Date('2026-12-10T09:30:00Z') : undefined,
          targetUnitId: 9,
          targetUnitPath: '/1/3/7/9/',
        };
        const d = decide(action, s, actorFor(action), ctx);
        if (rule.from.includes(state)) {
          expect(d.ok, JSON.stringify(d)).toBe(true);
        } else {
          expect(d).toMatchObject({ ok: false, code: 'conflict', currentState: state });
        }
      });
    }
  }
});

describe('roles and units', () => {
  it('only the dispatched unit signs, replies, returns; another unit gets forbidden', () => {
    for (const action of ['sign', 'request_return'] as const) {
      expect(decide(action, snap('dispatched'), otherUnit, { now: NOW })).toMatchObject({
        ok: false,
        code: 'forbidden',
        reason: 'unit',
      });
    }
    expect(decide('reply', snap('handling'), otherUnit, { now: NOW })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('units cannot decide returns, extensions or replies; agents cannot act on dispatches at all', () => {
    expect(decide('approve_return', snap('return_requested'), unitStaff, { now: NOW }).ok).toBe(false);
    expect(
      decide('approve_extension', snap('handling', { extensionStatus: 'requested' }), unitStaff, { now: NOW }).ok,
    ).toBe(false);
    expect(decide('accept_reply', snap('replied'), unitStaff, { now: NOW }).ok).toBe(false);
    for (const action of DISPATCH_ACTIONS) {
      expect(decide(action, snap('dispatched'), agent, { now: NOW }).ok).toBe(false);
    }
  });

  it('admin may act for a unit (support) and for the centre', () => {
    const admin: ActorInfo = { role: 'admin', unitId: 1 };
    expect(decide('sign', snap('dispatched'), admin, { now: NOW }).ok).toBe(true);
    expect(decide('accept_reply', snap('replied'), admin, { now: NOW }).ok).toBe(true);
  });

  it('a unit transfers only down its own tree; the centre anywhere', () => {
    const down = { now: NOW, targetUnitId: 9, targetUnitPath: '/1/3/7/9/' };
    const sideways = { now: NOW, targetUnitId: 8, targetUnitPath: '/1/3/8/' };
    expect(decide('transfer', snap('handling'), unitStaff, down).ok).toBe(true);
    expect(decide('transfer', snap('handling'), unitStaff, sideways)).toMatchObject({
      ok: false,
      code: 'forbidden',
      reason: 'transfer_scope',
    });
    expect(decide('transfer', snap('handling'), dispatcher, sideways).ok).toBe(true);
    expect(decide('transfer', snap('handling'), dispatcher, { now: NOW, targetUnitId: UNIT })).toMatchObject({
      ok: false,
      reason: 'same_unit',
    });
  });
});

describe('returns', () => {
  it('only inside the sign window', () => {
    expect(decide('request_return', snap('dispatched'), unitStaff, { now: NOW }).ok).toBe(true);
    const late = new Date(LATER.getTime() + 60_000);
    expect(decide('request_return', snap('dispatched'), unitStaff, { now: late })).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: 'sign_window_closed',
      currentState: 'dispatched',
    });
  });

  it(`at most ${MAX_RETURNS_PER_TICKET} per ticket, then the centre must assign`, () => {
    const ctx = { now: NOW, returnsSoFar: MAX_RETURNS_PER_TICKET };
    expect(decide('request_return', snap('dispatched'), unitStaff, ctx)).toMatchObject({
      ok: false,
      reason: 'max_returns',
    });
    expect(
      decide('request_return', snap('dispatched'), unitStaff, { now: NOW, returnsSoFar: MAX_RETURNS_PER_TICKET - 1 })
        .ok,
    ).toBe(true);
  });

  it('approve ends the dispatch, override makes the unit handle it', () => {
    expect(decide('approve_return', snap('return_requested'), dispatcher, { now: NOW })).toMatchObject({
      to: 'returned',
    });
    expect(decide('override_return', snap('return_requested'), dispatcher, { now: NOW })).toMatchObject({
      to: 'handling',
    });
  });
});

describe('extensions (a sub-state of handling)', () => {
  const due = new Date('2026-11-30T09:30:00Z');
  it('asked before the deadline, for a later date, one at a time', () => {
    const ok = decide('request_extension', snap('handling'), unitStaff, {
      now: NOW,
      dueAt: new Date('2026-12-03T09:30:00Z'),
    });
    expect(ok).toMatchObject({ ok: true, to: 'handling', extensionTo: 'requested' });
    expect(
      decide('request_extension', snap('handling'), unitStaff, {
        now: new Date(due.getTime() + 1),
        dueAt: new Date('2026-12-03T09:30:00Z'),
      }),
    ).toMatchObject({ ok: false, reason: 'deadline_passed' });
    expect(decide('request_extension', snap('handling'), unitStaff, { now: NOW, dueAt: due })).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(
      decide('request_extension', snap('handling', { extensionStatus: 'requested' }), unitStaff, {
        now: NOW,
        dueAt: new Date('2026-12-03T09:30:00Z'),
      }),
    ).toMatchObject({ ok: false, code: 'conflict', reason: 'extension_state' });
  });

  it('decided only while requested; a reply withdraws a pending request', () => {
    const pending = snap('handling', { extensionStatus: 'requested' });
    expect(decide('approve_extension', pending, dispatcher, { now: NOW })).toMatchObject({ extensionTo: 'approved' });
    expect(decide('reject_extension', pending, dispatcher, { now: NOW })).toMatchObject({ extensionTo: 'rejected' });
    expect(decide('approve_extension', snap('handling'), dispatcher, { now: NOW }).ok).toBe(false);
    expect(decide('reply', pending, unitStaff, { now: NOW })).toMatchObject({ to: 'replied', extensionTo: null });
  });
});

describe('co-handling', () => {
  it('co replies are not reviewed on their own', () => {
    expect(decide('accept_reply', snap('replied', { role: 'co' }), dispatcher, { now: NOW })).toMatchObject({
      ok: false,
      reason: 'co_dispatch',
    });
  });

  it('the round waits for co units still inside their time, not for silent ones past it', () => {
    const m = (id: number, state: DispatchState, due: string | null): RoundMember => ({
      id,
      unitId: id,
      role: id === 1 ? 'lead' : 'co',
      state,
      signDueAt: null,
      handleDueAt: due ? new Date(due) : null,
    });
    const members = [
      m(1, 'handling', '2026-11-30T09:30:00Z'),
      m(2, 'replied', '2026-11-30T09:30:00Z'),
      m(3, 'handling', '2026-11-23T01:00:00Z'),
      m(4, 'handling', '2026-11-25T09:30:00Z'),
      m(5, 'cancelled', null),
    ];
    expect(pendingCoMembers(members, NOW).map((x) => x.id)).toEqual([4]);
    expect(pendingCoMembers(members, new Date('2026-11-26T00:00:00Z'))).toEqual([]);
  });
});

describe('allowedActions for the console', () => {
  it('lists what each actor can press now', () => {
    expect(allowedActions(snap('dispatched'), unitStaff, NOW)).toEqual(['sign', 'request_return', 'transfer']);
    expect(allowedActions(snap('dispatched'), dispatcher, NOW)).toEqual(['transfer', 'cancel', 'urge']);
    expect(allowedActions(snap('replied'), dispatcher, NOW)).toEqual(['accept_reply', 'reject_reply', 'cancel']);
    expect(allowedActions(snap('dispatched'), otherUnit, NOW)).toEqual([]);
  });
});
