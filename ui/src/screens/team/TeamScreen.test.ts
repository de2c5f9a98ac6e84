import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { backendContext } from '../../lib/backendContext';
import { fakeBackend } from '../../lib/fakeBackend';
import type { TeamDevice, TeamStatus } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { journalChanged, teamStatusChanged } from '../../lib/signals.svelte';
import ScreenHost from '../ScreenHost.test.svelte';
import TeamBadge from './TeamBadge.svelte';
import TeamScreen from './TeamScreen.svelte';
import { labels } from './labels';
import { deviceRows, hhmm, linkLine, pendingLines } from './logic';

const A = '0193f0a0-0000-7000-8000-00000000000a';
const B = '0193f0a0-0000-7000-8000-00000000000b';
const C = '0193f0a0-0000-7000-8000-00000000000c';

function device(over: Partial<TeamDevice>): TeamDevice {
  return {
    id: A,
    thisDevice: false,
    personName: 'Ingrid',
    person: null,
    host: 'laptop-1',
    login: 'ingrid',
    enrolledAt: '2026-12-02T08:00:00Z',
    approvedBy: 'ingrid',
    events: 3,
    lastSeen: '2026-12-02T09:00:00Z',
    ...over,
  };
}

function status(over: Partial<TeamStatus> = {}): TeamStatus {
  return {
    server: 'host=127.0.0.1 dbname=team user=ola',
    device: B,
    notShared: 2,
    withoutReceipt: 2,
    chains: [
      { device: A, events: 3, thisDevice: false, personName: 'Ingrid', host: 'laptop-1', lastAt: null, notShared: 0 },
      {
        device: B,
        events: 5,
        thisDevice: true,
        personName: 'Ola',
        host: 'laptop-2',
        lastAt: '2026-12-02T09:05:00Z',
        notShared: 2,
      },
    ],
    link: {
      state: 'connected',
      connectedSince: '2026-12-02T08:00:00Z',
      offlineSince: null,
      lastSync: '2026-12-02T09:05:00Z',
      lastError: null,
    },
    serverDevices: [
      device({}),
      device({ id: B, thisDevice: true, personName: 'Ola', host: 'laptop-2', login: 'ola', events: 3 }),
      device({
        id: C,
        personName: 'Dina',
        host: 'laptop-3',
        login: 'dina',
        approvedBy: null,
        events: 0,
        lastSeen: null,
      }),
    ],
    ...over,
  };
}

const t = labels.en;

describe('team logic', () => {
  it('says connected, offline since HH:MM, and what is not shared yet', () => {
    expect(linkLine(status(), t)).toBe('connected · 2 not yet shared');
    const since = '2026-12-02T09:07:00Z';
    const offline = status({
      notShared: 0,
      link: { state: 'offline', connectedSince: null, offlineSince: since, lastSync: null, lastError: 'refused' },
    });
    expect(linkLine(offline, t)).toBe(`offline since ${hhmm(since)} · all shared`);
    expect(hhmm(since)).toMatch(/^\d\d:\d\d$/);
    expect(linkLine(status({ server: null }), t)).toBeNull();
  });

  it('merges the server’s devices with the chains held here, this device first', () => {
    const rows = deviceRows(status());
    expect(rows.map((r) => [r.person, r.host, r.held, r.pending, r.onServer, r.waiting])).toEqual([
      ['Ola', 'laptop-2', 5, 2, 3, false],
      ['Dina', 'laptop-3', 0, 0, 0, true],
      ['Ingrid', 'laptop-1', 3, 0, 3, false],
    ]);
    // Before the first sync: the chains held here alone.
    const local = deviceRows(status({ serverDevices: null }));
    expect(local.map((r) => [r.person, r.login, r.onServer])).toEqual([
      ['Ola', null, null],
      ['Ingrid', null, null],
    ]);
    expect(pendingLines(status(), t)).toEqual([
      'Ola · laptop-2: 2 not yet shared',
      'Dina · laptop-3: all shared',
      'Ingrid · laptop-1: all shared',
    ]);
  });
});

function show(component: typeof TeamScreen, over: Partial<Backend>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, { props: { screen: component, client }, context: backendContext(fakeBackend(over)) });
}

beforeEach(() => (language.current = 'en'));
afterEach(cleanup);

describe('TeamScreen', () => {
  it('lists people and devices, approves one waiting, and syncs now', async () => {
    const teamApprove = vi.fn(() => Promise.resolve(device({ id: C })));
    const teamSync = vi.fn(() => Promise.resolve({ pushed: 2, pulled: 1, receipts: 2, refused: [] }));
    const heard = vi.fn();
    const stop = journalChanged.subscribe(heard);
    show(TeamScreen, { teamStatus: () => Promise.resolve(status()), teamApprove, teamSync });
    expect((await screen.findByTestId('team-link')).textContent).toContain('connected · 2 not yet shared');
    const rows = screen.getAllByTestId('team-device');
    expect(rows.map((r) => r.dataset.device)).toEqual([B, C, A]);
    expect(rows[0]?.textContent).toContain('this device');
    await fireEvent.click(screen.getByTestId('team-approve'));
    expect(teamApprove).toHaveBeenCalledWith({ server: null, device: C });
    await fireEvent.click(screen.getByTestId('team-sync'));
    expect((await screen.findByTestId('team-synced')).textContent).toContain('2 pushed, 1 pulled, 2 receipts');
    expect(heard).toHaveBeenCalled();
    stop();
  });

  it('enrols this device with the server typed in', async () => {
    const teamEnrol = vi.fn(() => Promise.resolve(device({ thisDevice: true, approvedBy: null })));
    show(TeamScreen, { teamStatus: () => Promise.resolve(status({ server: null, serverDevices: null })), teamEnrol });
    const input = await screen.findByTestId('team-server');
    await fireEvent.input(input, { target: { value: 'host=team dbname=vakt user=ola' } });
    await fireEvent.click(screen.getByTestId('team-enrol'));
    expect(teamEnrol).toHaveBeenCalledWith({ server: 'host=team dbname=vakt user=ola' });
    expect((await screen.findByTestId('team-enrolled')).textContent).toContain('Enrolled');
  });
});

describe('TeamBadge', () => {
  it('shows the link and reads it again when the sync says it changed', async () => {
    let current = status();
    const teamStatus = vi.fn(() => Promise.resolve(current));
    show(TeamBadge, { teamStatus });
    const badge = await screen.findByTestId('team-badge');
    expect(badge.dataset.state).toBe('connected');
    expect(badge.title).toContain('Ola · laptop-2: 2 not yet shared');
    current = status({
      link: {
        state: 'offline',
        connectedSince: null,
        offlineSince: '2026-12-02T09:07:00Z',
        lastSync: null,
        lastError: 'x',
      },
    });
    teamStatusChanged.notify();
    await vi.waitFor(() => expect(screen.getByTestId('team-badge').dataset.state).toBe('offline'));
    expect(screen.getByTestId('team-badge').textContent).toContain('offline since');
  });

  it('shows nothing without a team server', async () => {
    const teamStatus = vi.fn(() => Promise.resolve(status({ server: null })));
    show(TeamBadge, { teamStatus });
    await vi.waitFor(() => expect(teamStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('team-badge')).toBeNull();
  });
});
