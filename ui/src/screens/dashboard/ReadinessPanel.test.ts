import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionUpdateRequest, ActionView } from '../../lib/ipc/generated';
import { backendContext } from '../../lib/backendContext';
import { fakeBackend } from '../../lib/fakeBackend';
import { language } from '../../lib/language.svelte';
import ScreenHost from '../ScreenHost.test.svelte';
import ReadinessPanel from './ReadinessPanel.svelte';
import { nextActionState, pendingActions } from './readiness';

const action = (over: Partial<ActionView>): ActionView => ({
  id: 'a1',
  run: 'run-1',
  grade: 'major',
  finding: 'Fencing needed a script that lived in Stavanger.',
  text: 'Keep the fencing script on both jump hosts.',
  owner: 'technical-lead',
  due: '2026-11-01',
  state: 'open',
  overdue: true,
  history: [],
  ...over,
});

beforeEach(() => {
  language.current = 'en';
});
afterEach(cleanup);

describe('readiness logic', () => {
  it('moves an action open → done → verified and shows the unverified, overdue first', () => {
    expect(nextActionState('open')).toBe('done');
    expect(nextActionState('done')).toBe('verified');
    expect(nextActionState('verified')).toBeNull();
    const list = pendingActions([
      action({ id: 'late', due: '2026-12-20', overdue: false }),
      action({ id: 'v', state: 'verified', overdue: false }),
      action({ id: 'over', due: '2026-11-01' }),
    ]);
    expect(list.map((a) => a.id)).toEqual(['over', 'late']);
  });
});

describe('ReadinessPanel', () => {
  it('lists overdue corrective actions and the gaps, and moves an action on with what was done', async () => {
    let current = action({});
    const update = vi.fn((r: ActionUpdateRequest) => {
      current = { ...current, state: r.state, overdue: false };
      return Promise.resolve(current);
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const backend = fakeBackend({
      correctiveActions: () => Promise.resolve([current]),
      readiness: () =>
        Promise.resolve({
          gaps: [{ kind: 'scenario_overdue', text: 'drill-azure-region-loss was never exercised' }],
          overdueActions: [current],
        }),
      actionUpdate: update,
    });
    render(ScreenHost, { props: { screen: ReadinessPanel, client }, context: backendContext(backend) });
    await screen.findByTestId('action');
    expect(screen.getByTestId('overdue-count').textContent).toBe('1');
    expect((await screen.findByTestId('gap')).textContent).toContain('never exercised');
    const next = screen.getByTestId<HTMLButtonElement>('action-next');
    expect(next.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('action-note'), { target: { value: 'Script copied to Oslo.' } });
    await fireEvent.click(next);
    expect(update).toHaveBeenCalledWith({ action: 'a1', state: 'done', note: 'Script copied to Oslo.', run: null });
    await waitFor(() => expect(screen.getByTestId('action').getAttribute('data-state')).toBe('done'));
    expect(screen.getByTestId('action-next').textContent).toBe('Mark verified');
  });
});
