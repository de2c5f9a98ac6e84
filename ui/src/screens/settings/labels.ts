const en = {
  you: 'You',
  name: 'Your name (as the journal records it)',
  role: 'Your role',
  roles: {
    responder: 'Responder',
    'incident-manager': 'Incident manager',
    auditor: 'Auditor (reads and verifies, changes nothing)',
  } as Record<string, string>,
  language: 'Language',
  save: 'Save',
  saved: 'Saved.',
  workspace: 'Workspace folder',
  choose: 'Use this folder',
  browse: 'Browse…',
  workspaceSaved: 'Workspace saved; it is used from now on.',
  loading: 'Loading settings…',
  help: 'Enter saves · Alt+S opens Settings',
};

export type SettingsLabels = typeof en;

const nl: SettingsLabels = {
  you: 'U',
  name: 'Uw naam (zoals het logboek die vastlegt)',
  role: 'Uw rol',
  roles: {
    responder: 'Hulpverlener',
    'incident-manager': 'Incidentmanager',
    auditor: 'Auditor (leest en verifieert, wijzigt niets)',
  },
  language: 'Taal',
  save: 'Opslaan',
  saved: 'Opgeslagen.',
  workspace: 'Werkruimtemap',
  choose: 'Deze map gebruiken',
  browse: 'Bladeren…',
  workspaceSaved: 'Werkruimte opgeslagen; die wordt vanaf nu gebruikt.',
  loading: 'Instellingen worden geladen…',
  help: 'Enter slaat op · Alt+S opent Instellingen',
};

export const labels = { en, nl };
