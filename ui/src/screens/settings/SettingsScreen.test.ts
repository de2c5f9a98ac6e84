import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { SaveSettingsRequest, Settings } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import SettingsScreen from './SettingsScreen.svelte';

const saved: Settings = { userName: '', role: 'responder', language: 'en', workspacePath: '/data/demo' };

function show(over: Partial<Backend>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, {
    props: { screen: SettingsScreen, client },
    context: backendContext(fakeBackend({ settings: () => Promise.resolve(saved), ...over })),
  });
}

beforeEach(() => (language.current = 'en'));
afterEach(cleanup);

describe('SettingsScreen', () => {
  it('saves name, role and language, and the window switches language', async () => {
    const saveSettings = vi.fn(({ input }: SaveSettingsRequest) =>
      Promise.resolve({ ...input, workspacePath: '/data/demo' }),
    );
    show({ saveSettings });
    await fireEvent.input(await screen.findByTestId('user-name'), { target: { value: 'Anne' } });
    await fireEvent.change(screen.getByTestId('user-role'), { target: { value: 'auditor' } });
    await fireEvent.change(screen.getByTestId('user-language'), { target: { value: 'nl' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(saveSettings).toHaveBeenCalledWith({ input: { userName: 'Anne', role: 'auditor', language: 'nl' } });
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
});
