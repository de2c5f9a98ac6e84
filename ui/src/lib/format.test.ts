import { describe, expect, it } from 'vitest';
import { formatBytes, formatMoment, shortHash } from './format';

describe('formatBytes', () => {
  it('uses the unit people read', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
  it('shortens hashes to twelve digits', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});

describe('formatMoment', () => {
  it("writes a moment as the window does, on this computer's clock", () => {
    const d = new Date(2026, 11, 2, 4, 5, 6);
    expect(formatMoment(d.toISOString())).toBe('2026-12-02 04:05:06');
    expect(formatMoment('not a time')).toBe('not a time');
  });
});
