import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend } from '../../lib/fakeBackend';
import type { JournalCheckRequest, JournalPage, JournalPageRequest } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import { olderThan, toFilter } from './filter';
import JournalScreen from './JournalScreen.svelte';
import { journalChanged } from '../../lib/signals.svelte';

const page: JournalPage = {
  events: [
    {
      seq: 1,
      at: '2026-11-26T08:00:00Z',
      actor: 'Kari',
      role: 'incident-manager',
      host: 'laptop-7',
      person: 'e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5',
      osUser: 'kari',
      osUid: 1000,
      addresses: ['192.0.2.10'],
      kind: 'run.started',
      run: 'r1',
      payload: '{"title":"Phishing"}',
      hash: 'ab'.repeat(32),
      device: '0193f0a0-0000-7000-8000-000000000001',
      receipt: { login: 'kari', address: '192.0.2.10', serverTime: '2026-11-26T08:00:01.250000Z', serverSeq: 41 },
    },
    {
      seq: 2,
      at: '2026-11-26T08:01:00Z',
      actor: 'Ola',
      role: 'responder',
      host: 'laptop-7',
      person: 'e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5',
      osUser: 'kari',
      osUid: 1000,
      addresses: ['192.0.2.10'],
      kind: 'step.started',
      run: 'r1',
      payload: '{"step":"report-event"}',
      hash: 'cd'.repeat(32),
      device: '0193f0a0-0000-7000-8000-000000000001',
      receipt: null,
    },
  ],
  matching: 2,
  total: 2,
  runs: [{ id: 'r1', title: 'Phishing' }],
  actors: ['Kari', 'Ola'],
  kinds: ['run.started', 'step.started'],
};

function show(over: Partial<Backend>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, { props: { screen: JournalScreen, client }, context: backendContext(fakeBackend(over)) });
}

beforeEach(() => (language.current = 'en'));
afterEach(cleanup);

describe('JournalScreen', () => {
  it('shows who from which device, and the team server receipt where there is one', async () => {
    show({ journalPage: () => Promise.resolve(page) });
    await screen.findByTestId('journal-events');
    const who = screen
      .getAllByTestId('event-person')
      .map((td) => td.parentElement?.textContent?.replace(/\s+/g, ' ').trim());
    expect(who).toEqual(['Kari · laptop-7', 'Ola · laptop-7']);
    const receipts = screen.getAllByTestId('event-receipt').map((td) => td.textContent ?? '');
    expect(receipts[0]).toContain('kari @ 192.0.2.10');
    expect(receipts[0]).toContain('2026-11-26T08:00:01.250000Z');
    expect(receipts[1]).toContain('not on the team server yet');
  });

  it('reads the journal again when the team sync took in events', async () => {
    const journalPage = vi.fn(() => Promise.resolve(page));
    show({ journalPage });
    await screen.findByTestId('journal-events');
    const before = journalPage.mock.calls.length;
    journalChanged.notify();
    await vi.waitFor(() => expect(journalPage.mock.calls.length).toBeGreaterThan(before));
  });

  it('lists events and narrows them by the chosen filters', async () => {
    const journalPage = vi.fn(({ filter: f }: JournalPageRequest) =>
      Promise.resolve({
        ...page,
        events: page.events.filter((e) => !f.actor || e.actor === f.actor),
        matching: f.actor ? 1 : 2,
      }),
    );
    show({ journalPage });
    await screen.findByTestId('journal-events');
    expect(screen.getByTestId('event-count').textContent).toBe('2');
    await fireEvent.change(screen.getByTestId('filter-actor'), { target: { value: 'Ola' } });
    await vi.waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('1'));
    expect(journalPage).toHaveBeenLastCalledWith({
      filter: { run: null, actor: 'Ola', kind: null, from: null, to: null, before: null },
    });
  });

  it('states plainly whether the chain holds, against a checkpoint when one is given', async () => {
    const journalCheck = vi.fn(({ checkpoint }: JournalCheckRequest) =>
      Promise.resolve(
        checkpoint === null
          ? {
              intact: true,
              count: 2,
              headHash: 'cd'.repeat(32),
              breakSeq: null,
              breakReason: null,
              checkpointCompared: false,
            }
          : {
              intact: false,
              count: 2,
              headHash: 'cd'.repeat(32),
              breakSeq: 2,
              breakReason: 'the hash differs from the checkpoint',
              checkpointCompared: true,
            },
      ),
    );
    show({ journalPage: () => Promise.resolve(page), journalCheck });
    await fireEvent.click(await screen.findByTestId('verify'));
    expect((await screen.findByTestId('verdict')).textContent).toContain('The journal is intact');
    await fireEvent.input(screen.getByTestId('checkpoint-path'), { target: { value: '/tmp/cp.json' } });
    await fireEvent.click(screen.getByTestId('verify'));
    await vi.waitFor(() => expect(screen.getByTestId('verdict').dataset.intact).toBe('false'));
    expect(screen.getByTestId('verdict').textContent).toContain('BROKEN at event 2');
    expect(journalCheck).toHaveBeenLastCalledWith({ checkpoint: '/tmp/cp.json' });
  });

  it('shows the newest page, and "older events" asks for the page before the oldest event shown', async () => {
    const event = (seq: number) => ({ ...page.events[0]!, seq, hash: String(seq).repeat(64) });
    const journalPage = vi.fn(({ filter }: JournalPageRequest) =>
      Promise.resolve({
        ...page,
        events: filter.before === null ? [event(3), event(4)] : [event(1), event(2)],
        matching: 4,
        total: 4,
      }),
    );
    show({ journalPage });
    await screen.findByTestId('journal-events');
    expect(screen.getByTestId('event-count').textContent).toBe('2');
    expect(screen.getByTestId('truncated').textContent).toBe('(showing the newest 2 of 4)');
    await fireEvent.click(screen.getByTestId('older-events'));
    await vi.waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('4'));
    expect(journalPage).toHaveBeenLastCalledWith({
      filter: { run: null, actor: null, kind: null, from: null, to: null, before: 3 },
    });
    const seqs = [...screen.getByTestId('journal-events').querySelectorAll('tbody tr td:first-child')];
    expect(seqs.map((td) => td.textContent)).toEqual(['1', '2', '3', '4']);
    expect(screen.queryByTestId('older-events')).toBeNull();
    expect(screen.queryByTestId('truncated')).toBeNull();
  });

  it('exports in the chosen format to the path given', async () => {
    const journalExportFile = vi.fn(() => Promise.resolve({ path: '/tmp/j.csv', count: 2 }));
    show({ journalPage: () => Promise.resolve(page), journalExportFile });
    await fireEvent.change(await screen.findByTestId('export-format'), { target: { value: 'csv' } });
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/j.csv' } });
    await fireEvent.click(screen.getByTestId('export'));
    expect((await screen.findByTestId('exported')).textContent).toContain('2 events written to');
    expect(journalExportFile).toHaveBeenCalledWith({ format: 'csv', path: '/tmp/j.csv' });
  });
});

describe('olderThan', () => {
  it('gives the oldest shown seq while fewer are shown than match, else null', () => {
    const older = { ...page, events: [page.events[0]!], matching: 3 };
    const newer = { ...page, events: [{ ...page.events[1]!, seq: 3 }], matching: 3 };
    expect(olderThan([newer])).toBe(3);
    expect(olderThan([newer, older])).toBe(1);
    expect(olderThan([newer, older, { ...page, events: [{ ...page.events[1]!, seq: 0 }] }])).toBeNull();
    expect(olderThan([page])).toBeNull();
    expect(olderThan([])).toBeNull();
  });
});

describe('toFilter', () => {
  it('leaves empty fields out and reads date-time inputs as UTC', () => {
    expect(toFilter({ run: '', actor: ' Kari ', kind: '', from: '2026-11-26T08:00', to: '' })).toEqual({
      run: null,
      actor: 'Kari',
      kind: null,
      from: '2026-11-26T08:00:00Z',
      to: null,
      before: null,
    });
  });

  it('shows a banner saying where the journal breaks, and none while it holds', async () => {
    const broken = {
      intact: false,
      count: 1,
      headHash: 'ab'.repeat(32),
      breakSeq: 2,
      breakReason: 'the stored hash does not match the event',
      checkpointCompared: false,
    };
    show({ journalPage: () => Promise.resolve(page), journalState: () => Promise.resolve(broken) });
    const banner = await screen.findByTestId('journal-broken');
    expect(banner.textContent).toContain('The journal is broken.');
    expect(banner.textContent).toContain('from event 2: the stored hash does not match the event');
    cleanup();
    show({
      journalPage: () => Promise.resolve(page),
      journalState: () => Promise.resolve({ ...broken, intact: true, breakSeq: null, breakReason: null }),
    });
    await screen.findAllByText('Kari');
    expect(screen.queryByTestId('journal-broken')).toBeNull();
  });
});
