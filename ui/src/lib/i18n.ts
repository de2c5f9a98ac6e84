export type Language = 'en' | 'nl';

const en = {
  tagline: 'Incident response and disaster recovery, offline',
  workspace: 'Workspace',
  source: 'Source',
  definitions: 'Definition files',
  path: 'Path',
  kind: 'Kind',
  format: 'Format',
  size: 'Size',
  sha256: 'SHA-256',
  database: 'Database',
  schemaVersion: 'Schema version',
  dataDir: 'Data directory',
  loading: 'Opening the workspace…',
  failed: 'Vakt could not open the workspace',
  retry: 'Try again',
  none: 'No definition files in this workspace.',
  sources: {
    flag: 'given with --workspace',
    environment: 'given by VAKT_WORKSPACE',
    setting: 'saved in the settings',
    embedded_demo: 'the demo workspace built into Vakt',
  },
};

export type Labels = typeof en;

const nl: Labels = {
  tagline: 'Incidentrespons en calamiteitenherstel, offline',
  workspace: 'Werkruimte',
  source: 'Bron',
  definitions: 'Definitiebestanden',
  path: 'Pad',
  kind: 'Soort',
  format: 'Formaat',
  size: 'Grootte',
  sha256: 'SHA-256',
  database: 'Database',
  schemaVersion: 'Schemaversie',
  dataDir: 'Gegevensmap',
  loading: 'De werkruimte wordt geopend…',
  failed: 'Vakt kon de werkruimte niet openen',
  retry: 'Opnieuw proberen',
  none: 'Geen definitiebestanden in deze werkruimte.',
  sources: {
    flag: 'opgegeven met --workspace',
    environment: 'opgegeven via VAKT_WORKSPACE',
    setting: 'opgeslagen in de instellingen',
    embedded_demo: 'de demowerkruimte die in Vakt is ingebouwd',
  },
};

export const labels: Record<Language, Labels> = { en, nl };

/** The language to start in: Dutch when the system prefers it, else English. */
export function preferredLanguage(navigatorLanguages: readonly string[]): Language {
  for (const l of navigatorLanguages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'nl') return 'nl';
    if (base === 'en') return 'en';
  }
  return 'en';
}
