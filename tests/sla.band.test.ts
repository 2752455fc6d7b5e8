import { describe, expect, it } from 'vitest';
import { deadlineBand } from '../domain/sla/band.ts';

const at = (s: string) => new Date(`2026-11-23T${s}:00+08:00`);

describe('deadlineBand: how close a deadline is', () => {
  const due = at('18:00');

  it('follows the clock’s warning time when there is one', () => {
    const warnAt = at('17:00');
    expect(deadlineBand({ due, warnAt, start: at('08:00') }, at('16:59'))).toBe('ok');
    expect(deadlineBand({ due, warnAt, start: at('08:00') }, at('17:00'))).toBe('warn');
    // At the deadline itself it is still due, not yet overdue (the overdue queue counts strictly past).
    expect(deadlineBand({ due, warnAt }, at('18:00'))).toBe('warn');
    expect(deadlineBand({ due, warnAt }, new Date(due.getTime() + 1))).toBe('overdue');
  });

  it('without a warning time, warns for the last quarter of the window from its start', () => {
    const start = at('10:00'); // an 8-hour window: amber from 16:00
    expect(deadlineBand({ due, start }, at('15:59'))).toBe('ok');
    expect(deadlineBand({ due, start }, at('16:00'))).toBe('warn');
    // No start either: the window is taken as one day, so the last six hours warn.
    expect(deadlineBand({ due }, at('11:59'))).toBe('ok');
    expect(deadlineBand({ due }, at('12:00'))).toBe('warn');
  });

  it('has nothing to say without a deadline', () => {
    expect(deadlineBand({ due: null, warnAt: at('09:00') }, at('20:00'))).toBe('none');
  });
});
