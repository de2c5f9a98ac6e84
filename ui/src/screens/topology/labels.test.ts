import { describe, expect, it } from 'vitest';
import { topologyLabels } from './labels';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('topology labels', () => {
  it('Dutch has every English label, and none is empty', () => {
    expect(keys(topologyLabels.nl).sort()).toEqual(keys(topologyLabels.en).sort());
    for (const lang of [topologyLabels.en, topologyLabels.nl]) {
      for (const k of keys(lang)) {
        const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang);
        expect(value, k).not.toBe('');
        if (typeof value === 'function') expect(String(value(1, 2, 3)), k).not.toBe('');
      }
    }
  });
});
