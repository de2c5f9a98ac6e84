// The screens of the window, in the order the navigation shows them. Each screen is a folder
// under src/screens/ with its component, its labels (en and nl) and its tests.
import type { Component } from 'svelte';
import type { Language } from './lib/i18n';
import DashboardScreen from './screens/dashboard/DashboardScreen.svelte';
import DrillsScreen from './screens/drills/DrillsScreen.svelte';
import JournalScreen from './screens/journal/JournalScreen.svelte';
import RunScreen from './screens/run/RunScreen.svelte';
import SettingsScreen from './screens/settings/SettingsScreen.svelte';
import TopologyScreen from './screens/topology/TopologyScreen.svelte';
import RecordsScreen from './screens/records/RecordsScreen.svelte';
import WorkspaceScreen from './screens/workspace/WorkspaceScreen.svelte';
import TeamScreen from './screens/team/TeamScreen.svelte';

export type Screen = {
  id: string;
  /** The navigation label in each language. */
  label: Record<Language, string>;
  /** Shortcut: Alt + this key opens the screen. */
  key: string;
  /** Takes no props: the backend comes from context (src/lib/backendContext.ts). */
  component: Component;
};

export const screens: Screen[] = [
  { id: 'dashboard', label: { en: 'Dashboard', nl: 'Overzicht' }, key: 'h', component: DashboardScreen },
  { id: 'run', label: { en: 'Run', nl: 'Run' }, key: 'r', component: RunScreen },
  { id: 'journal', label: { en: 'Journal', nl: 'Logboek' }, key: 'j', component: JournalScreen },
  { id: 'settings', label: { en: 'Settings', nl: 'Instellingen' }, key: 's', component: SettingsScreen },
  { id: 'workspace', label: { en: 'Workspace', nl: 'Werkruimte' }, key: 'w', component: WorkspaceScreen },
  { id: 'topology', label: { en: 'Topology', nl: 'Topologie' }, key: 't', component: TopologyScreen },
  { id: 'drills', label: { en: 'Drills', nl: 'Oefeningen' }, key: 'o', component: DrillsScreen },
  { id: 'records', label: { en: 'Records', nl: 'Verslagen' }, key: 'e', component: RecordsScreen },
  { id: 'team', label: { en: 'Team', nl: 'Team' }, key: 'm', component: TeamScreen },
];
