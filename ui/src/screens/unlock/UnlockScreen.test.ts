import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backendContext } from '../../lib/backendContext';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { DataStatus, DataUnlockRequest, UnlockedWith } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import UnlockScreen from './UnlockScreen.svelte';

beforeEach(() => (language.current = 'en'));

const open = (unlockedWith: UnlockedWith): DataStatus => ({
  dataDir: '/d',
  encrypted: true,
  locked: false,
  readOnly: null,
  keyring: unlockedWith === 'keyring',
  unlockedWith,
});
afterEach(cleanup);

describe('UnlockScreen', () => {
  it('keeps what was typed after a wrong passphrase, then unlocks with the right one', async () => {
    const dataUnlock = vi.fn(({ passphrase }: DataUnlockRequest) =>
      passphrase === 'copper lantern'
        ? Promise.resolve(open('passphrase'))
        : rejectWith({ code: 'wrong_passphrase', message: 'the passphrase does not unlock /d' }),
    );
    const onunlocked = vi.fn();
    render(UnlockScreen, {
      props: { dataDir: '/d', onunlocked },
      context: backendContext(fakeBackend({ dataUnlock })),
    });
    const field = await screen.findByTestId<HTMLInputElement>('unlock-passphrase');
    expect(field.type).toBe('password');
    await fireEvent.input(field, { target: { value: 'copper lanter' } });
    await fireEvent.click(screen.getByTestId('unlock'));
    expect((await screen.findByTestId('unlock-error')).textContent).toContain('does not unlock');
    expect(screen.getByTestId<HTMLInputElement>('unlock-passphrase').value).toBe('copper lanter');
    expect(onunlocked).not.toHaveBeenCalled();
    await fireEvent.input(field, { target: { value: 'copper lantern' } });
    await fireEvent.click(screen.getByTestId('unlock'));
    await vi.waitFor(() => expect(onunlocked).toHaveBeenCalledTimes(1));
    expect(dataUnlock).toHaveBeenLastCalledWith({ passphrase: 'copper lantern' });
  });

  it('asks the desktop keyring first when it holds the key, without a click', async () => {
    const dataUnlockKeyring = vi.fn(() => Promise.resolve(open('keyring')));
    const dataUnlock = vi.fn();
    const onunlocked = vi.fn();
    render(UnlockScreen, {
      props: { dataDir: '/d', keyring: true, onunlocked },
      context: backendContext(fakeBackend({ dataUnlockKeyring, dataUnlock })),
    });
    await vi.waitFor(() => expect(onunlocked).toHaveBeenCalledWith(open('keyring')));
    expect(dataUnlockKeyring).toHaveBeenCalledTimes(1);
    expect(dataUnlock).not.toHaveBeenCalled();
  });

  it('says why the keyring did not unlock, keeps the passphrase working, and can ask again', async () => {
    let answer: Promise<DataStatus> = rejectWith({
      code: 'unavailable',
      message: 'the desktop keyring is locked and was not unlocked (dismissed); unlock with the passphrase',
    });
    const dataUnlockKeyring = vi.fn(() => answer);
    const dataUnlock = vi.fn(() => Promise.resolve(open('passphrase')));
    const onunlocked = vi.fn();
    render(UnlockScreen, {
      props: { dataDir: '/d', keyring: true, onunlocked },
      context: backendContext(fakeBackend({ dataUnlockKeyring, dataUnlock })),
    });
    const said = await screen.findByTestId('unlock-keyring-error');
    expect(said.textContent).toContain('The desktop keyring did not unlock it');
    expect(said.textContent).toContain('is locked');
    expect(onunlocked).not.toHaveBeenCalled();
    // Typing goes on beside it; asking the keyring again does not clear what was typed.
    const field = screen.getByTestId<HTMLInputElement>('unlock-passphrase');
    await fireEvent.input(field, { target: { value: 'copper' } });
    answer = rejectWith({ code: 'unavailable', message: 'no desktop keyring answers here' });
    await fireEvent.click(screen.getByTestId('unlock-keyring-retry'));
    await vi.waitFor(() => expect(dataUnlockKeyring).toHaveBeenCalledTimes(2));
    expect((await screen.findByTestId('unlock-keyring-error')).textContent).toContain('no desktop keyring answers');
    expect(screen.getByTestId<HTMLInputElement>('unlock-passphrase').value).toBe('copper');
    await fireEvent.input(field, { target: { value: 'copper lantern' } });
    await fireEvent.click(screen.getByTestId('unlock'));
    await vi.waitFor(() => expect(onunlocked).toHaveBeenCalledTimes(1));
  });

  it('does not ask the keyring when it holds no key', async () => {
    const dataUnlockKeyring = vi.fn(() => Promise.resolve(open('keyring')));
    render(UnlockScreen, {
      props: { dataDir: '/d', onunlocked: vi.fn() },
      context: backendContext(fakeBackend({ dataUnlockKeyring })),
    });
    await screen.findByTestId('unlock-passphrase');
    expect(screen.queryByTestId('unlock-keyring-asking')).toBeNull();
    expect(dataUnlockKeyring).not.toHaveBeenCalled();
  });
});
