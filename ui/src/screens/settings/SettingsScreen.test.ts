import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { DataStatus, Me, PersonView, SaveSettingsRequest, Settings } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import SettingsScreen from './SettingsScreen.svelte';

const saved: Settings = { role: 'responder', language: 'en', workspacePath: '/data/demo' };
const person: PersonView = {
  id: 'e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5',
  displayName: 'Kari Nordmann',
  fullName: 'Kari Nordmann',
  osUser: 'kari',
  osUid: 1000,
  nameConfirmed: false,
  passphraseSet: false,
  certificateSubject: 'CN=Kari Nordmann',
  certificateIssuer: 'CN=Kari Nordmann',
  selfSigned: true,
  workspacePerson: 'kari-nordmann',
  workspaceName: 'Kari Nordmann',
  eligibleRoles: ['incident-manager', 'dpo'],
  auditor: false,
};
const me: Me = { person, others: [] };

function show(over: Partial<Backend>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, {
    props: { screen: SettingsScreen, client },
    context: backendContext(
      fakeBackend({ settings: () => Promise.resolve(saved), me: () => Promise.resolve(me), ...over }),
    ),
  });
}

beforeEach(() => (language.current = 'en'));
afterEach(cleanup);

describe('SettingsScreen', () => {
  it('shows the person from the computer account, confirms the name and sets the passphrase', async () => {
    const confirmPersonName = vi.fn(({ name }: { name: string | null }) =>
      Promise.resolve({ ...me, person: { ...person, displayName: name ?? '', nameConfirmed: true } }),
    );
    const setPersonPassphrase = vi.fn(() => Promise.resolve({ ...me, person: { ...person, passphraseSet: true } }));
    show({ confirmPersonName, setPersonPassphrase });
    expect((await screen.findByTestId('person-id')).textContent).toContain(person.id);
    expect(screen.getByTestId('person-workspace').textContent).toContain('incident-manager, dpo');
    expect(screen.getByTestId('passphrase-state').textContent).toContain('cannot sign');
    await fireEvent.input(screen.getByTestId('person-name'), { target: { value: 'Kari N.' } });
    await fireEvent.click(screen.getByTestId('confirm-name'));
    expect(confirmPersonName).toHaveBeenCalledWith({ name: 'Kari N.' });
    expect((await screen.findByTestId('person-confirmed')).textContent).toContain('confirmed');
    await fireEvent.input(screen.getByTestId('person-passphrase'), { target: { value: 'four words in a row' } });
    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: 'four words in a row' } });
    await fireEvent.click(screen.getByTestId('set-passphrase'));
    expect(setPersonPassphrase).toHaveBeenCalledWith({
      passphrase: 'four words in a row',
      again: 'four words in a row',
      current: null,
    });
    expect((await screen.findByTestId('passphrase-state')).textContent).toContain('can sign');
  });

  it("imports a key from the organisation's PKI: the file chosen, its passphrase, then a new one", async () => {
    const issued = {
      ...person,
      id: 'c3'.repeat(32),
      passphraseSet: true,
      selfSigned: false,
      certificateIssuer: 'CN=Demo CA',
    };
    const importPersonPkcs12 = vi.fn(
      (r: { path: string; filePassphrase: string; passphrase: string; again: string }) =>
        r.filePassphrase === 'test-key-only'
          ? Promise.resolve({ ...me, person: issued })
          : rejectWith({ code: 'invalid_request', message: 'PKCS#12: wrong passphrase for the file' }),
    );
    show({ importPersonPkcs12, pickFile: () => Promise.resolve('/home/kari/kari.p12') });
    await fireEvent.click(await screen.findByTestId('person-p12-browse'));
    await vi.waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('person-p12-path').value).toBe('/home/kari/kari.p12'),
    );
    await fireEvent.input(screen.getByTestId('person-p12-passphrase'), { target: { value: 'not the file' } });
    await fireEvent.input(screen.getByTestId('person-p12-new'), {
      target: { value: 'lilac tractor humming underwater' },
    });
    await fireEvent.input(screen.getByTestId('person-p12-again'), {
      target: { value: 'lilac tractor humming underwater' },
    });
    await fireEvent.click(screen.getByTestId('person-p12-import'));
    expect((await screen.findByTestId('person-p12-error')).textContent).toContain('wrong passphrase for the file');
    // The file's passphrase is cleared; the path and the new passphrase stay.
    expect(screen.getByTestId<HTMLInputElement>('person-p12-passphrase').value).toBe('');
    expect(screen.getByTestId<HTMLInputElement>('person-p12-new').value).toBe('lilac tractor humming underwater');
    await fireEvent.input(screen.getByTestId('person-p12-passphrase'), { target: { value: 'test-key-only' } });
    await fireEvent.click(screen.getByTestId('person-p12-import'));
    expect((await screen.findByTestId('person-p12-done')).textContent).toContain('c3c3c3c3');
    expect(screen.getByTestId('person-id').textContent).toContain(issued.id);
    expect(screen.getByTestId('passphrase-state').textContent).toContain('can sign');
    expect(importPersonPkcs12.mock.calls.map(([r]) => r)).toEqual([
      {
        path: '/home/kari/kari.p12',
        filePassphrase: 'not the file',
        passphrase: 'lilac tractor humming underwater',
        again: 'lilac tractor humming underwater',
      },
      {
        path: '/home/kari/kari.p12',
        filePassphrase: 'test-key-only',
        passphrase: 'lilac tractor humming underwater',
        again: 'lilac tractor humming underwater',
      },
    ]);
  });

  it('shows a weak passphrase refused in words', async () => {
    show({
      setPersonPassphrase: () =>
        rejectWith({ code: 'weak_passphrase', message: 'the passphrase is too easy to guess (strength 1 of 4)' }),
    });
    await fireEvent.input(await screen.findByTestId('person-passphrase'), { target: { value: 'kari123' } });
    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: 'kari123' } });
    await fireEvent.click(screen.getByTestId('set-passphrase'));
    expect((await screen.findByTestId('passphrase-error')).textContent).toContain('too easy to guess');
  });

  it('saves role and language, and the window switches language', async () => {
    const saveSettings = vi.fn(({ input }: SaveSettingsRequest) =>
      Promise.resolve({ ...input, workspacePath: '/data/demo' }),
    );
    show({ saveSettings });
    await fireEvent.change(await screen.findByTestId('user-role'), { target: { value: 'auditor' } });
    await fireEvent.change(screen.getByTestId('user-language'), { target: { value: 'nl' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(saveSettings).toHaveBeenCalledWith({ input: { role: 'auditor', language: 'nl' } });
    await vi.waitFor(() => expect(language.current).toBe('nl'));
    expect((await screen.findByTestId('settings-saved')).textContent).toContain('Opgeslagen');
  });

  it('shows the workspace folder and a refused change in words, keeping the folder typed', async () => {
    show({
      chooseWorkspace: () =>
        rejectWith({ code: 'forbidden', message: 'an auditor may read and verify but change nothing' }),
    });
    const folder = await screen.findByTestId<HTMLInputElement>('workspace-folder');
    expect(folder.value).toBe('/data/demo');
    await fireEvent.input(folder, { target: { value: '/srv/ws' } });
    await fireEvent.click(screen.getByTestId('choose-workspace'));
    expect((await screen.findByTestId('workspace-error')).textContent).toContain('change nothing');
    expect(screen.getByTestId<HTMLInputElement>('workspace-folder').value).toBe('/srv/ws');
    // The signing identity is managed here too, with the records screen's panel.
    expect(screen.getByTestId('identity-settings').querySelector('[data-testid=identity-panel]')).toBeTruthy();
  });

  it('holds the data key in the desktop keyring with the passphrase, and stops holding it', async () => {
    const locked: DataStatus = {
      dataDir: '/home/kari/.local/share/vakt',
      encrypted: true,
      locked: false,
      readOnly: null,
      keyring: false,
      unlockedWith: 'passphrase',
    };
    const dataKeyringOn = vi.fn(({ passphrase }: { passphrase: string }) =>
      passphrase === 'copper lantern'
        ? Promise.resolve({ ...locked, keyring: true })
        : rejectWith({ code: 'wrong_passphrase', message: 'the passphrase does not unlock' }),
    );
    const dataKeyringOff = vi.fn(() =>
      Promise.resolve({
        status: locked,
        itemRemoved: false,
        problem: 'no desktop keyring answers here (ServiceUnknown)',
      }),
    );
    show({ dataStatus: () => Promise.resolve(locked), dataKeyringOn, dataKeyringOff });
    expect((await screen.findByTestId('data-keyring')).textContent).toContain('only the passphrase unlocks');
    expect(screen.getByTestId('data-unlocked-with').textContent).toContain('the passphrase');
    const field = screen.getByTestId<HTMLInputElement>('data-keyring-passphrase');
    await fireEvent.input(field, { target: { value: 'copper lanter' } });
    await fireEvent.click(screen.getByTestId('data-keyring-on'));
    expect((await screen.findByTestId('data-keyring-error')).textContent).toContain('What you typed is kept');
    expect(screen.getByTestId<HTMLInputElement>('data-keyring-passphrase').value).toBe('copper lanter');
    await fireEvent.input(field, { target: { value: 'copper lantern' } });
    await fireEvent.click(screen.getByTestId('data-keyring-on'));
    expect((await screen.findByTestId('data-keyring-held')).textContent).toContain('holds the data key now');
    expect(screen.getByTestId('data-keyring').textContent).toContain('holds the data key');
    await fireEvent.click(screen.getByTestId('data-keyring-off'));
    const released = await screen.findByTestId('data-keyring-released');
    expect(released.textContent).toContain('could not be removed (no desktop keyring answers here');
    expect(screen.getByTestId('data-keyring').textContent).toContain('only the passphrase unlocks');
  });

  it('says how to encrypt a plain data directory and offers no keyring', async () => {
    const plain: DataStatus = {
      dataDir: '/d',
      encrypted: false,
      locked: false,
      readOnly: null,
      keyring: false,
      unlockedWith: null,
    };
    show({ dataStatus: () => Promise.resolve(plain) });
    expect((await screen.findByTestId('data-encrypted')).textContent).toBe('no');
    expect(screen.getByTestId('data-panel').textContent).toContain('vakt data encrypt');
    expect(screen.queryByTestId('data-keyring-on')).toBeNull();
  });
});
