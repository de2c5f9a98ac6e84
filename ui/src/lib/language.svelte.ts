import { preferredLanguage, type Language } from './i18n';

/** The language the whole window speaks; every screen reads `language.current`. */
export const language = $state<{ current: Language }>({
  current: preferredLanguage(typeof navigator === 'undefined' ? [] : navigator.languages),
});
