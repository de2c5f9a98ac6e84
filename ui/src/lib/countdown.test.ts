import { describe, expect, it } from 'vitest';
import { elapsedSince, formatDuration, formatSpan, readClock } from './countdown';

const at = (s: string) => Date.parse(s);

describe('countdown', () => {
  it('formats spans the way a deadline is read', () => {
    expect(formatSpan(72 * 3600)).toBe('72 h 00 min');
    expect(formatSpan(14 * 86400 + 7200)).toBe('14 d 2 h');
    expect(formatSpan(725)).toBe('12 min 05 s');
    expect(formatSpan(45.9)).toBe('45 s');
    expect(formatSpan(-5)).toBe('0 s');
  });

  it('counts down to the deadline and turns overdue after it', () => {
    const c = { state: 'running' as const, deadline: '2026-11-29T08:00:00Z', inTime: null };
    expect(readClock(c, at('2026-11-26T08:00:00Z'))).toEqual({ kind: 'running', seconds: 72 * 3600 });
    expect(readClock(c, at('2026-11-29T08:00:01Z'))).toEqual({ kind: 'overdue', seconds: 1 });
  });

  it('keeps a met clock met and a clock without its moment waiting', () => {
    expect(readClock({ state: 'met', deadline: '2026-11-29T08:00:00Z', inTime: false }, 0)).toEqual({
      kind: 'met',
      inTime: false,
    });
    expect(readClock({ state: 'waiting', deadline: null, inTime: null }, 0)).toEqual({ kind: 'waiting' });
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
