import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { WorkspaceOverview } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import WorkspaceScreen from './WorkspaceScreen.svelte';

const overview: WorkspaceOverview = {
  workspacePath: '/data/vakt/demo-workspace/0123456789ab',
  workspaceSource: 'embedded_demo',
  definitionFiles: [
    { path: 'dr/failover.toml', kind: 'playbook', format: 1, size: 2048, sha256: 'ab'.repeat(32), problem: null },
    { path: 'workspace.toml', kind: 'workspace', format: 1, size: 700, sha256: 'cd'.repeat(32), problem: null },
    { path: 'broken.toml', kind: null, format: null, size: 5, sha256: 'ef'.repeat(32), problem: 'expected a value' },
  ],
  databasePath: '/data/vakt/vakt.sqlite3',
  schemaVersion: 1,
  dataDir: '/data/vakt',
  vaktVersion: '0.1.0',
};

function backend(over: Partial<Backend>): Backend {
  return fakeBackend(over);
}

function show(b: Backend, lang: 'en' | 'nl' = 'en') {
  language.current = lang;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(ScreenHost, { props: { screen: WorkspaceScreen, client }, context: backendContext(b) });
}

afterEach(cleanup);

describe('WorkspaceScreen', () => {
  it('shows the workspace, the database and every definition file from the backend', async () => {
    show(backend({ workspaceOverview: () => Promise.resolve(overview) }));
    expect(await screen.findByTestId('definition-count')).toHaveProperty('textContent', '3');
    expect(screen.getByTestId('workspace-path').textContent).toBe(overview.workspacePath);
    expect(screen.getByTestId('workspace-source').textContent).toBe('the demo workspace built into Vakt');
    expect(screen.getByTestId('database-path').textContent).toBe('/data/vakt/vakt.sqlite3');
    expect(screen.getByTestId('schema-version').textContent).toBe('1');
    const table = screen.getByTestId('definition-files').textContent ?? '';
    expect(table).toContain('dr/failover.toml');
    expect(table).toContain('2.0 KiB');
    expect(table).toContain('abababababab');
    expect(table).toContain('expected a value');
  });

  it('speaks Dutch when asked', async () => {
    show(backend({ workspaceOverview: () => Promise.resolve(overview) }), 'nl');
    expect((await screen.findByTestId('workspace-source')).textContent).toBe(
      'de demowerkruimte die in Vakt is ingebouwd',
    );
    expect(screen.getByText('Definitiebestanden')).toBeTruthy();
  });

  it('explains a backend error in words, with its code, and offers to try again', async () => {
    show(
      backend({
        workspaceOverview: () =>
          rejectWith({ code: 'workspace_not_found', message: 'workspace folder /x does not exist' }),
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('workspace folder /x does not exist');
    expect(alert.textContent).toContain('workspace_not_found');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
