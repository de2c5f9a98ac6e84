import { describe, expect, it } from 'vitest';
import { labels, preferredLanguage } from './i18n';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('labels', () => {
  it('Dutch has every English label, and none is empty', () => {
    expect(keys(labels.nl).sort()).toEqual(keys(labels.en).sort());
    for (const lang of [labels.en, labels.nl]) {
      for (const k of keys(lang)) {
        const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang);
        expect(value, k).not.toBe('');
      }
    }
  });
  it('starts in Dutch only when the system prefers it', () => {
    expect(preferredLanguage(['nl-NL', 'en'])).toBe('nl');
    expect(preferredLanguage(['nb-NO', 'en-GB'])).toBe('en');
    expect(preferredLanguage(['de-DE'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});
