import { describe, expect, it } from 'vitest';
import { preferredLanguage } from './i18n';

// The labels themselves are checked with every other label set in src/labels.test.ts.
describe('preferredLanguage', () => {
  it('starts in Dutch only when the system prefers it', () => {
    expect(preferredLanguage(['nl-NL', 'en'])).toBe('nl');
    expect(preferredLanguage(['nb-NO', 'en-GB'])).toBe('en');
    expect(preferredLanguage(['de-DE'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});
