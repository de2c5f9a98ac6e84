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
import { clock, runView, summary, text } from '../testdata';
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

let client: QueryClient;

function show(over: Partial<Backend>) {
  const b = fakeBackend({
    playbookList: () => Promise.resolve(playbooks),
    settings: () => Promise.resolve({ role: 'incident-manager', language: 'en', workspacePath: '/ws' }),
    ...over,
  });
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
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
  it('lists open runs with phase, every active step and every clock in its state; overdue is marked', async () => {
    const open = summary({
      activeSteps: [
        {
          id: 'contain',
          title: text('Contain the incident'),
          track: 'contain',
          role: 'technical-lead',
          holder: 'Ola',
          status: 'started',
        },
        {
          id: 'notify-customers',
          title: text('Notify affected customers'),
          track: 'notify',
          role: 'communications',
          holder: null,
          status: 'active',
        },
      ],
      clocks: [
        clock({
          id: 'gdpr-art33-2-customers',
          title: text('Early notice to customers: 24 hours'),
          deadline: '2026-11-28T08:00:00Z',
          state: 'running',
        }),
        clock({ id: 'triage-4h', deadline: '2026-11-26T09:00:00Z', state: 'running' }),
        clock({ id: 'notice', title: text('Maintenance notice'), from: 'maintenance', state: 'pending' }),
        clock({
          id: 'status-sev1-1h',
          title: text('Status page within 1 hour'),
          deadline: '2026-11-26T09:00:00Z',
          state: 'met',
          metAt: '2026-11-26T08:30:00Z',
          marginSeconds: 1800,
        }),
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
    const steps = screen.getAllByTestId('run-active-step');
    expect(steps.map((s) => s.dataset.step)).toEqual(['contain', 'notify-customers']);
    expect(steps[0]!.textContent).toContain('technical-lead, held by Ola');
    expect(steps[1]!.textContent).toContain('communications, held by nobody');
    const clocks = screen.getAllByTestId('clock');
    expect(clocks.map((c) => c.dataset.state)).toEqual(['running', 'overdue', 'pending', 'met']);
    expect(clocks[0]!.textContent).toContain('46 h 00 min left');
    expect(clocks[1]!.textContent).toContain('overdue by 1 h 00 min');
    expect(clocks[2]!.textContent).toContain('waits for maintenance');
    expect(clocks[3]!.textContent).toContain('met (30 min 00 s to spare)');
    expect(screen.getByTestId('open-run').classList.contains('overdue')).toBe(true);
    expect(screen.getByTestId('closed-runs').textContent).toContain('Old drill');
    now.current += 60_000;
    await vi.waitFor(() => expect(screen.getAllByTestId('clock')[0]!.textContent).toContain('45 h 59 min left'));
  });

  it('says why a clock does not apply, and never marks it overdue', async () => {
    const processor = summary({
      clocks: [
        clock({
          id: 'gdpr-art33-72h',
          title: text('GDPR Art. 33: 72 hours'),
          from: 'awareness',
          deadline: '2026-11-26T09:00:00Z',
          state: 'not-applicable',
          ruledOut: {
            step: 'gdpr-role',
            stepTitle: text('Our role for the data'),
            option: 'processor',
            optionTitle: text('Processor'),
          },
        }),
      ],
    });
    show({ runList: () => Promise.resolve([processor]) });
    const badge = await screen.findByTestId('clock');
    expect(badge.dataset.state).toBe('not-applicable');
    expect(screen.getByTestId('clock-why').textContent).toBe('Our role for the data → Processor');
    expect(badge.textContent).not.toContain('overdue');
    expect(screen.getByTestId('open-run').classList.contains('overdue')).toBe(false);
  });

  it('turns a running clock not applicable when a decision rules it out', async () => {
    const running = summary({
      clocks: [clock({ id: 'gdpr-art33-72h', deadline: '2026-11-29T08:00:00Z', state: 'running' })],
    });
    const ruledOut = summary({
      clocks: [
        clock({
          id: 'gdpr-art33-72h',
          deadline: '2026-11-29T08:00:00Z',
          state: 'not-applicable',
          ruledOut: {
            step: 'art33-decision',
            stepTitle: text('Notify the authority?'),
            option: 'no-notification',
            optionTitle: text('No notification'),
          },
        }),
      ],
    });
    const runList = vi.fn(() => Promise.resolve([running])).mockResolvedValueOnce([running]);
    show({ runList });
    expect((await screen.findByTestId('clock')).dataset.state).toBe('running');
    runList.mockResolvedValue([ruledOut]);
    await client.invalidateQueries({ queryKey: ['runs'] });
    await vi.waitFor(() => expect(screen.getByTestId('clock').dataset.state).toBe('not-applicable'));
    expect(screen.getByTestId('clock-why').textContent).toBe('Notify the authority? → No notification');
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
