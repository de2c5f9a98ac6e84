import { describe, expect, it } from 'vitest';
import { elapsedSince, formatDuration, formatSpan, readClock, type ClockFacts } from './countdown';

const at = (s: string) => Date.parse(s);

describe('countdown', () => {
  it('formats spans the way a deadline is read', () => {
    expect(formatSpan(72 * 3600)).toBe('72 h 00 min');
    expect(formatSpan(14 * 86400 + 7200)).toBe('14 d 2 h');
    expect(formatSpan(725)).toBe('12 min 05 s');
    expect(formatSpan(45.9)).toBe('45 s');
    expect(formatSpan(-5)).toBe('0 s');
  });

  const clock = (over: Partial<ClockFacts>): ClockFacts => ({
    state: 'running',
    deadline: '2026-11-29T08:00:00Z',
    overdue: false,
    marginSeconds: null,
    missedBySeconds: null,
    ...over,
  });

  it('counts down to the deadline and turns overdue after it', () => {
    const c = clock({});
    expect(readClock(c, at('2026-11-26T08:00:00Z'))).toEqual({ kind: 'running', seconds: 72 * 3600 });
    expect(readClock(c, at('2026-11-29T08:00:01Z'))).toEqual({ kind: 'overdue', seconds: 1 });
    expect(readClock(clock({ state: 'missed', overdue: true }), at('2026-11-29T09:00:00Z'))).toEqual({
      kind: 'overdue',
      seconds: 3600,
    });
  });

  it('keeps met, missed, stopped and pending clocks as the core says', () => {
    expect(readClock(clock({ state: 'met', marginSeconds: 60 }), 0)).toEqual({ kind: 'met', marginSeconds: 60 });
    expect(readClock(clock({ state: 'missed', missedBySeconds: 90 }), 0)).toEqual({ kind: 'missed', seconds: 90 });
    expect(readClock(clock({ state: 'stopped' }), 0)).toEqual({ kind: 'stopped' });
    expect(readClock(clock({ state: 'pending', deadline: null }), 0)).toEqual({ kind: 'pending' });
  });

  it('never reads a clock that does not apply as overdue, whatever its deadline', () => {
    const ruledOut = clock({ state: 'not-applicable', deadline: '2026-11-26T08:00:00Z' });
    expect(readClock(ruledOut, at('2026-12-31T00:00:00Z'))).toEqual({ kind: 'not-applicable' });
  });

  it('writes expected durations without zero parts', () => {
    expect(formatDuration(900)).toBe('15 min');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(0)).toBe('0 s');
  });

  it('measures elapsed time from a start', () => {
    expect(elapsedSince('2026-11-26T08:00:00Z', at('2026-11-26T08:10:00Z'))).toBe(600);
    expect(elapsedSince('2026-11-26T08:00:00Z', at('2026-11-26T07:00:00Z'))).toBe(0);
  });
});
