// The screens of the window, in the order the navigation shows them. Each screen is a folder
// under src/screens/ with its component, its labels (en and nl) and its tests.
import type { Component } from 'svelte';
import type { Backend } from './lib/backend';
import type { Language } from './lib/i18n';
import RecordsScreen from './screens/records/RecordsScreen.svelte';
import WorkspaceScreen from './screens/workspace/WorkspaceScreen.svelte';

export type ScreenProps = { backend: Backend };

export type Screen = {
  id: string;
  /** The navigation label in each language. */
  label: Record<Language, string>;
  /** Shortcut: Alt + this key opens the screen. */
  key: string;
  component: Component<ScreenProps>;
};

export const screens: Screen[] = [
  { id: 'workspace', label: { en: 'Workspace', nl: 'Werkruimte' }, key: 'w', component: WorkspaceScreen },
  { id: 'records', label: { en: 'Records', nl: 'Verslagen' }, key: 'e', component: RecordsScreen },
];
