const en = {
  title: 'Unlock your data',
  explain:
    'The journal and the evidence on this computer are encrypted. Enter the passphrase of the data directory to open them.',
  passphrase: 'Passphrase',
  show: 'Show',
  hide: 'Hide',
  unlock: 'Unlock',
  unlocking: 'Unlocking…',
  wrong: 'That passphrase does not unlock the data. What you typed is kept: check it and try again.',
  folder: 'Data directory',
};

export type UnlockLabels = typeof en;

const nl: UnlockLabels = {
  title: 'Ontgrendel uw gegevens',
  explain:
    'Het logboek en het bewijsmateriaal op deze computer zijn versleuteld. Voer de wachtzin van de gegevensmap in om ze te openen.',
  passphrase: 'Wachtzin',
  show: 'Tonen',
  hide: 'Verbergen',
  unlock: 'Ontgrendelen',
  unlocking: 'Bezig met ontgrendelen…',
  wrong: 'Deze wachtzin ontgrendelt de gegevens niet. Wat u typte blijft staan: controleer het en probeer opnieuw.',
  folder: 'Gegevensmap',
};

export const labels = { en, nl };
