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
  keyringAsking: 'Asking the desktop keyring for the data key… (it may ask you to unlock it first)',
  keyringFailed: 'The desktop keyring did not unlock it',
  keyringAgain: 'Try the keyring again',
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
  keyringAsking:
    'De sleutelbos van het bureaublad wordt om de gegevenssleutel gevraagd… (die kan eerst om ontgrendeling vragen)',
  keyringFailed: 'De sleutelbos van het bureaublad ontgrendelde niet',
  keyringAgain: 'Sleutelbos opnieuw proberen',
};

export const labels = { en, nl };
