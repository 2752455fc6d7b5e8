/** The dates of a dispatch that decide which deadline it is working against (Date on the server, ISO strings in the console). */
export interface DispatchDates<T> {
  status: string;
  dispatchedAt?: T | null;
  signedAt?: T | null;
  signDueAt?: T | null;
  handleDueAt?: T | null;
}

/**
 * The deadline that matters now: signing while unsigned, otherwise handling, with the moment its window
 * opened. The API's overdue / dueSoon, the `deadline` sort and the console's row colours all read it.
 */
export function currentDeadline<T>(d: DispatchDates<T>): { kind: 'sign' | 'handle'; start: T | null; due: T | null } {
  if (d.status === 'dispatched') return { kind: 'sign', start: d.dispatchedAt ?? null, due: d.signDueAt ?? null };
  return { kind: 'handle', start: d.signedAt ?? d.dispatchedAt ?? null, due: d.handleDueAt ?? null };
}
