import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backendContext } from '../../lib/backendContext';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { DataUnlockRequest } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import UnlockScreen from './UnlockScreen.svelte';

beforeEach(() => (language.current = 'en'));
afterEach(cleanup);

describe('UnlockScreen', () => {
  it('keeps what was typed after a wrong passphrase, then unlocks with the right one', async () => {
    const dataUnlock = vi.fn(({ passphrase }: DataUnlockRequest) =>
      passphrase === 'copper lantern'
        ? Promise.resolve({ dataDir: '/d', encrypted: true, locked: false, readOnly: null })
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
});
