import { describe, expect, it } from 'vitest';
import { formatBytes, shortHash } from './format';

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
