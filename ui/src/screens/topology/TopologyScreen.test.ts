import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CutSetView,
  DrillView,
  FailoverView,
  ImpactView,
  NodeStateView,
  RecoveryView,
  RestoreView,
  TopologyCutSetsRequest,
  TopologyDrillRequest,
  TopologyFailoverRequest,
  TopologyGraph,
  TopologyImpactRequest,
  TopologyRecoveryRequest,
  TopologyRestorePointRequest,
} from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import TopologyScreen from './TopologyScreen.svelte';

vi.mock('./TopologyGraph.svelte', async () => ({ default: (await import('./GraphStub.test.svelte')).default }));

// A small topology: a site feeding a server that a service needs, plus a spare feed.
const graph: TopologyGraph = {
  nodes: [
    {
      id: 'dc',
      label: 'Datacenter',
      kind: 'site',
      requirement: 'needs nothing',
      criticality: null,
      rtoSeconds: null,
      layer: 0,
    },
    {
      id: 'web',
      label: 'Web',
      kind: 'server-group',
      requirement: 'needs all of dc',
      criticality: null,
      rtoSeconds: null,
      layer: 1,
    },
    {
      id: 'svc',
      label: 'Service',
      kind: 'business-service',
      requirement: 'needs all of web',
      criticality: 'critical',
      rtoSeconds: 14400,
      layer: 2,
    },
  ],
  edges: [
    { source: 'dc', target: 'web', group: null },
    { source: 'web', target: 'svc', group: null },
  ],
  stores: [{ id: 'store-crm-db', name: 'CRM database' }],
};

/** The impact the fake core computes: a failed node takes down everything after it. */
function impactOf(failed: string[]): ImpactView {
  const order = ['dc', 'web', 'svc'];
  const first = Math.min(...failed.map((f) => order.indexOf(f)).filter((i) => i >= 0), 99);
  const nodes: NodeStateView[] = order.map((id, i) => {
    const down = i >= first;
    return {
      id,
      state: down ? 'down' : 'up',
      failed: failed.includes(id),
      reason: down ? (failed.includes(id) ? 'failed' : 'needs all of 1, 0 standing') : '',
      path: down ? order.slice(first, i + 1).reverse() : [],
    };
  });
  const down = nodes.filter((n) => n.state === 'down').length;
  return { failed, up: 3 - down, degraded: 0, down, nodes };
}

const recovery: RecoveryView = {
  failed: ['dc'],
  model: '1 crew',
  crews: 1,
  steps: [
    { id: 'dc', startSeconds: 0, finishSeconds: 3600, forService: 'svc', priorityRtoSeconds: 14400 },
    { id: 'web', startSeconds: 3600, finishSeconds: 5400, forService: 'svc', priorityRtoSeconds: 14400 },
  ],
  services: [
    {
      id: 'svc',
      rtoSeconds: 14400,
      plannedSeconds: 5400,
      earliestSeconds: 5400,
      meetsRto: true,
      verdict: 'RTO met: back after 1h 30m (RTO 4h)',
    },
  ],
  unrecoverable: [],
  makespanSeconds: 5400,
};

function show(over: Parameters<typeof fakeBackend>[0] = {}, lang: 'en' | 'nl' = 'en') {
  language.current = lang;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const backend = fakeBackend({
    topologyGraph: () => Promise.resolve(graph),
    topologyImpact: ({ failed }: TopologyImpactRequest) => Promise.resolve(impactOf(failed)),
    ...over,
  });
  return render(ScreenHost, { props: { screen: TopologyScreen, client }, context: backendContext(backend) });
}

afterEach(cleanup);

describe('TopologyScreen', () => {
  it('fails a node on click, colours what goes down and shows the why-path; a second click restores', async () => {
    const impact = vi.fn(({ failed }: TopologyImpactRequest) => Promise.resolve(impactOf(failed)));
    show({ topologyImpact: impact });
    expect(await screen.findByTestId('nothing-failed')).toBeTruthy();
    const dc = await screen.findByRole('button', { name: 'dc' });
    await fireEvent.click(dc);
    expect((await screen.findByTestId('impact-counts')).textContent).toBe('3 down · 0 degraded · 0 up');
    expect(impact).toHaveBeenLastCalledWith({ failed: ['dc'] });
    expect(screen.getByTestId('why-svc').textContent).toContain('svc → web → dc');
    expect(screen.getByRole('button', { name: 'svc' }).className).toBe('down');
    expect(screen.getByRole('button', { name: 'dc' }).className).toBe('down failed');
    await fireEvent.click(screen.getByRole('button', { name: 'dc' }));
    expect(await screen.findByTestId('nothing-failed')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'svc' }).className).toBe('up');
  });

  it('finds a node by keyboard: typing and Enter fails it, Escape in the window restores all', async () => {
    show();
    const search = await screen.findByTestId('node-search');
    await fireEvent.input(search, { target: { value: 'web' } });
    expect(screen.getByTestId('toggle-web').textContent).toBe('Fail');
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect((await screen.findByTestId('failed-nodes')).textContent).toContain('web');
    expect(screen.getByTestId('toggle-web').textContent).toBe('Restore');
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(await screen.findByTestId('nothing-failed')).toBeTruthy();
  });

  it('shows the recovery order for the failures with the crews chosen, and RTOs met', async () => {
    const plan = vi.fn(({ crews }: TopologyRecoveryRequest) => Promise.resolve({ ...recovery, crews }));
    show({ topologyRecovery: plan });
    await fireEvent.click(await screen.findByRole('button', { name: 'dc' }));
    await fireEvent.click(screen.getByRole('tab', { name: 'Recovery' }));
    const order = await screen.findByTestId('recovery-order');
    expect(order.textContent).toContain('dc');
    expect(order.textContent).toContain('+1h → +1h 30m');
    expect(screen.getByTestId('recovery-services').textContent).toContain('met');
    expect(plan).toHaveBeenLastCalledWith({ failed: ['dc'], crews: 2 });
    await fireEvent.change(screen.getByTestId('crews'), { target: { value: '4' } });
    await waitFor(() => expect(plan).toHaveBeenLastCalledWith({ failed: ['dc'], crews: 4 }));
  });

  it('plays a drill moment by moment, with the graph following the moment shown', async () => {
    const drill = vi.fn(({ drill: input }: TopologyDrillRequest): Promise<DrillView> =>
      Promise.resolve({
        name: input.name,
        moments: [
          { atSeconds: 0, injected: ['web'], impact: impactOf(['web']) },
          { atSeconds: 900, injected: ['dc'], impact: impactOf(['web', 'dc']) },
        ],
      }),
    );
    show({ topologyDrill: drill });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Drill' }));
    await fireEvent.click(screen.getByTestId('drill-play'));
    expect((await screen.findByTestId('drill-moment')).textContent).toBe('Moment 1 of 2 · +0m');
    expect(drill.mock.calls[0]?.[0].drill.injections[1]).toEqual({ node: 'ups-a-oslo', atSeconds: 1200 });
    expect(screen.getByRole('button', { name: 'dc' }).className).toBe('up');
    await fireEvent.click(screen.getByTestId('drill-forward'));
    expect(screen.getByTestId('drill-moment').textContent).toBe('Moment 2 of 2 · +15m');
    expect(screen.getByRole('button', { name: 'dc' }).className).toBe('down failed');
    await fireEvent.keyDown(document.body, { key: 'ArrowLeft' });
    expect(screen.getByTestId('drill-moment').textContent).toBe('Moment 1 of 2 · +0m');
    await fireEvent.click(screen.getByTestId('drill-leave'));
    expect(screen.getByTestId('drill-play')).toBeTruthy();
  });

  it('refuses an offset it cannot read, in words, and keeps what was typed', async () => {
    const drill = vi.fn();
    show({ topologyDrill: drill });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Drill' }));
    const offsets = screen.getAllByLabelText('At (e.g. 15m)');
    await fireEvent.input(offsets[1]!, { target: { value: 'soon' } });
    await fireEvent.click(screen.getByTestId('drill-play'));
    expect((await screen.findByRole('alert')).textContent).toContain('"soon" is not an offset');
    expect((screen.getAllByLabelText('At (e.g. 15m)')[1] as HTMLInputElement).value).toBe('soon');
    expect(drill).not.toHaveBeenCalled();
  });

  it('answers the restore-point form with the tier and data-loss window, or why not', async () => {
    const answer: RestoreView = {
      store: 'store-crm-db',
      item: 'any',
      wanted: '2026-11-25T13:30:00Z',
      now: '2026-11-26T12:00:00Z',
      canRestore: false,
      tier: null,
      restorePoint: null,
      dataLossSeconds: null,
      dataLossWords: null,
      summary: 'Cannot: the point-in-time window is 30 days.',
      tiers: [],
      notCovered: [],
    };
    const ask = vi.fn((_request: TopologyRestorePointRequest) => Promise.resolve(answer));
    show({ topologyRestorePoint: ask });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Restore point' }));
    await fireEvent.input(screen.getByTestId('restore-wanted'), { target: { value: '2026-11-25 14:30' } });
    await fireEvent.change(screen.getByTestId('restore-item'), { target: { value: 'deleted' } });
    await fireEvent.submit(screen.getByTestId('restore-form'));
    const shown = await screen.findByTestId('restore-answer');
    expect(shown.textContent).toContain('Cannot be restored');
    expect(shown.textContent).toContain('the point-in-time window is 30 days');
    const { store, item, wanted } = ask.mock.calls[0]![0];
    expect([store, item]).toEqual(['store-crm-db', 'deleted']);
    expect(wanted).toMatch(/^2026-11-25T14:30:00[+-]\d\d:\d\d$/);
  });

  it('checks a failover target: refused with the residency path, or allowed', async () => {
    const check = vi.fn(({ from, to }: TopologyFailoverRequest): Promise<FailoverView> =>
      Promise.resolve(
        to === 'g-suite'
          ? {
              from,
              to,
              allowed: false,
              reasons: ['g-suite keeps its data outside the EU/EEA (residency other): dc → g-suite'],
              remarks: [],
            }
          : { from, to, allowed: true, reasons: [], remarks: ['web is not listed as a failover target of dc'] },
      ),
    );
    show({ topologyFailover: check });
    await fireEvent.click(await screen.findByRole('button', { name: 'dc' }));
    await fireEvent.click(screen.getByRole('tab', { name: 'Failover' }));
    // The failed node is the one proposed to fail over.
    expect(screen.getByTestId<HTMLInputElement>('failover-from').value).toBe('dc');
    await fireEvent.input(screen.getByTestId('failover-to'), { target: { value: 'g-suite' } });
    await fireEvent.submit(screen.getByTestId('failover-form'));
    const refused = await screen.findByTestId('failover-answer');
    expect(check).toHaveBeenLastCalledWith({ from: 'dc', to: 'g-suite' });
    expect(refused.dataset.allowed).toBe('false');
    expect(refused.textContent).toContain('Refused: dc → g-suite');
    expect(screen.getByTestId('failover-reasons').textContent).toContain(
      'outside the EU/EEA (residency other): dc → g-suite',
    );

    await fireEvent.input(screen.getByTestId('failover-to'), { target: { value: 'web' } });
    await fireEvent.submit(screen.getByTestId('failover-form'));
    await waitFor(() => expect(screen.getByTestId('failover-answer').dataset.allowed).toBe('true'));
    expect(screen.getByTestId('failover-answer').textContent).toContain('Allowed: the data stays in the EU/EEA');
    expect(screen.getByTestId('failover-answer').textContent).toContain('Note: web is not listed');
  });

  it('asks for both nodes before checking a failover', async () => {
    const check = vi.fn();
    show({ topologyFailover: check });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Failover' }));
    await fireEvent.submit(screen.getByTestId('failover-form'));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a failed node and a target.');
    expect(check).not.toHaveBeenCalled();
  });

  it('says plainly when cut sets are truncated and lets the user raise the bounds', async () => {
    const cuts = vi.fn(({ service, maxPairs }: TopologyCutSetsRequest): Promise<CutSetView> =>
      Promise.resolve({
        id: service,
        singles: ['dc', 'web'],
        pairs: maxPairs === undefined ? [] : [['a', 'b']],
        cone: 2,
        truncated: maxPairs === undefined,
        truncatedReason: maxPairs === undefined ? 'more than 0 pairs' : null,
      }),
    );
    show({ topologyCutSets: cuts, topologySpofs: () => Promise.resolve({ services: [] }) });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Weak spots' }));
    expect((await screen.findByTestId('cut-truncated')).textContent).toContain('TRUNCATED');
    expect(cuts).toHaveBeenLastCalledWith({ service: 'svc', task: 'cut-sets:svc::' });
    await fireEvent.input(screen.getByTestId('cut-max-cone'), { target: { value: '50000' } });
    await fireEvent.input(screen.getByTestId('cut-max-pairs'), { target: { value: '100000' } });
    await fireEvent.submit(screen.getByTestId('cut-bounds'));
    await waitFor(() =>
      expect(cuts).toHaveBeenLastCalledWith({
        service: 'svc',
        maxCone: 50000,
        maxPairs: 100000,
        task: 'cut-sets:svc:50000:100000',
      }),
    );
    expect((await screen.findByTestId('cut-pairs')).textContent).toContain('a, b');
    expect(screen.queryByTestId('cut-truncated')).toBeNull();
  });

  it('shows a running cut-set search with its progress and stops it on request', async () => {
    let finish: (v: CutSetView) => void = () => {};
    const cuts = vi.fn(() => new Promise<CutSetView>((resolve) => (finish = resolve)));
    const progress = vi.fn(({ task }: { task: string }) =>
      Promise.resolve({ task, running: true, done: 120, total: 400, found: 7, cancelled: false }),
    );
    const cancel = vi.fn(() => Promise.resolve(true));
    show({
      topologyCutSets: cuts,
      topologySpofs: () => Promise.resolve({ services: [] }),
      taskProgress: progress,
      taskCancel: cancel,
    });
    await fireEvent.click(await screen.findByRole('tab', { name: 'Weak spots' }));
    await waitFor(() =>
      expect(screen.getByTestId('cut-progress').textContent).toContain('120 of 400 nodes, 7 pairs so far'),
    );
    expect(progress).toHaveBeenCalledWith({ task: 'cut-sets:svc::' });
    await fireEvent.click(screen.getByTestId('cut-cancel'));
    expect(cancel).toHaveBeenCalledWith({ task: 'cut-sets:svc::' });
    finish({
      id: 'svc',
      singles: [],
      pairs: [['a', 'b']],
      cone: 400,
      truncated: true,
      truncatedReason: 'cancelled after 120 of 400 nodes; the pairs listed were found so far',
    });
    expect((await screen.findByTestId('cut-truncated')).textContent).toContain('cancelled after 120 of 400');
    expect(screen.queryByTestId('cut-progress')).toBeNull();
  });

  it('explains an error from the core in words and speaks Dutch', async () => {
    show({ topologyGraph: () => rejectWith({ code: 'failed', message: 'topology.toml:3:1: unknown kind' }) }, 'nl');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De topologie kon niet worden geladen');
    expect(alert.textContent).toContain('topology.toml:3:1: unknown kind');
  });
});
