import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { PlaybookSummary, RunStartRequest } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { navigation } from '../../lib/navigation.svelte';
import { now } from '../../lib/now.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import { runView, summary, text } from '../testdata';
import DashboardScreen from './DashboardScreen.svelte';

const playbooks: PlaybookSummary[] = [
  {
    id: 'incident-procedure',
    path: 'incident/incident-procedure.toml',
    category: 'incident',
    title: text('Incident procedure'),
    summary: text('.'),
    stepCount: 14,
  },
  {
    id: 'dr-datacenter-failover',
    path: 'dr/datacenter-failover.toml',
    category: 'dr',
    title: text('Datacenter failover'),
    summary: text('.'),
    stepCount: 9,
  },
];

function show(over: Partial<Backend>) {
  const b = fakeBackend({
    playbookList: () => Promise.resolve(playbooks),
    settings: () =>
      Promise.resolve({ userName: 'Kari', role: 'incident-manager', language: 'en', workspacePath: '/ws' }),
    ...over,
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, { props: { screen: DashboardScreen, client }, context: backendContext(b) });
  return b;
}

beforeEach(() => {
  language.current = 'en';
  now.current = Date.parse('2026-11-26T10:00:00Z');
  navigation.screen = 'dashboard';
  navigation.run = null;
});
afterEach(cleanup);

describe('DashboardScreen', () => {
  it('lists open runs with phase, current step and clocks counting down; overdue is marked', async () => {
    const open = summary({
      clocks: [
        {
          id: 'gdpr-art33-72h',
          title: text('GDPR Art. 33: 72 hours'),
          deadline: '2026-11-29T08:00:00Z',
          state: 'running',
          metAt: null,
          inTime: null,
        },
        {
          id: 'triage-4h',
          title: text('Triage within 4 hours'),
          deadline: '2026-11-26T09:00:00Z',
          state: 'running',
          metAt: null,
          inTime: null,
        },
        {
          id: 'notice',
          title: text('Maintenance notice'),
          deadline: null,
          state: 'waiting',
          metAt: null,
          inTime: null,
        },
      ],
    });
    const closed = summary({
      id: 'closed-1',
      title: 'Old drill',
      mode: 'drill',
      phase: 'closed',
      closedAt: '2026-11-20T12:00:00Z',
      closedBy: 'Ola',
    });
    show({ runList: () => Promise.resolve([open, closed]) });
    await screen.findByTestId('open-run');
    expect(screen.getByTestId('open-count').textContent).toBe('1');
    expect(screen.getByTestId('run-phase').textContent).toBe('responding');
    expect(screen.getByTestId('run-step').textContent).toBe('Event or incident?');
    const clocks = screen.getAllByTestId('clock');
    expect(clocks).toHaveLength(2); // the waiting clock is not shown
    expect(clocks[0]!.dataset.state).toBe('running');
    expect(clocks[0]!.textContent).toContain('70 h 00 min left');
    expect(clocks[1]!.dataset.state).toBe('overdue');
    expect(clocks[1]!.textContent).toContain('overdue by 1 h 00 min');
    expect(screen.getByTestId('open-run').classList.contains('overdue')).toBe(true);
    expect(screen.getByTestId('closed-runs').textContent).toContain('Old drill');
    now.current += 60_000;
    await vi.waitFor(() => expect(screen.getAllByTestId('clock')[0]!.textContent).toContain('69 h 59 min left'));
  });

  it('reports an incident from the incident procedure and opens its run', async () => {
    const runStart = vi.fn((_request: RunStartRequest) => Promise.resolve(runView()));
    show({ runList: () => Promise.resolve([]), runStart });
    await fireEvent.click(await screen.findByTestId('report-incident'));
    const title = screen.getByTestId<HTMLInputElement>('run-title');
    await fireEvent.input(title, { target: { value: 'Phishing at a customer' } });
    await fireEvent.click(screen.getByTestId('start-run'));
    await vi.waitFor(() => expect(navigation.screen).toBe('run'));
    expect(runStart).toHaveBeenCalledWith({
      playbook: 'incident-procedure',
      mode: 'incident',
      title: 'Phishing at a customer',
    });
    expect(navigation.run).toBe(runView().summary.id);
  });

  it('starts a drill from a chosen DR playbook with Alt+D', async () => {
    const runStart = vi.fn((_request: RunStartRequest) => Promise.resolve(runView()));
    show({ runList: () => Promise.resolve([]), runStart });
    await screen.findByTestId('start-drill');
    await vi.waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('start-drill').disabled).toBe(false));
    await fireEvent.keyDown(window, { key: 'd', altKey: true });
    await fireEvent.click(await screen.findByTestId('start-run'));
    await vi.waitFor(() =>
      expect(runStart).toHaveBeenCalledWith({ playbook: 'dr-datacenter-failover', mode: 'drill', title: 'Drill' }),
    );
  });

  it('shows a refusal in words and keeps the title typed', async () => {
    show({
      runList: () => Promise.resolve([]),
      runStart: () => rejectWith({ code: 'forbidden', message: 'an auditor may read and verify but change nothing' }),
    });
    await fireEvent.click(await screen.findByTestId('report-incident'));
    const title = screen.getByTestId<HTMLInputElement>('run-title');
    await fireEvent.input(title, { target: { value: 'Lost laptop' } });
    await fireEvent.click(screen.getByTestId('start-run'));
    expect((await screen.findByTestId('start-error')).textContent).toContain('change nothing');
    expect(screen.getByTestId<HTMLInputElement>('run-title').value).toBe('Lost laptop');
    expect(navigation.screen).toBe('dashboard');
  });
});
