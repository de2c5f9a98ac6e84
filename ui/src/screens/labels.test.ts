import { describe, expect, it } from 'vitest';
import { labels as dashboard } from './dashboard/labels';
import { labels as journal } from './journal/labels';
import { labels as run } from './run/labels';
import { labels as settings } from './settings/labels';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o)
    .flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
    .sort();
}

describe('screen labels', () => {
  for (const [name, l] of Object.entries({ dashboard, journal, run, settings })) {
    it(`${name}: Dutch has exactly the English keys, none empty`, () => {
      expect(keys(l.nl)).toEqual(keys(l.en));
      for (const lang of [l.en, l.nl]) {
        for (const k of keys(lang)) {
          const v = k
            .split('.')
            .filter(Boolean)
            .reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang);
          expect(String(v).trim(), k).not.toBe('');
        }
      }
    });
  }
});
