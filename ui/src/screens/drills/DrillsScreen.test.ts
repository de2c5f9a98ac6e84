import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  DrillInjectRequest,
  DrillRestoreRequest,
  DrillRunView,
  FigureView,
  NodeStateView,
  ProgrammeView,
  ScenarioList,
  TopologyGraph,
} from '../../lib/ipc/generated';
import { backendContext } from '../../lib/backendContext';
import { fakeBackend } from '../../lib/fakeBackend';
import { language } from '../../lib/language.svelte';
import { navigation } from '../../lib/navigation.svelte';
import ScreenHost from '../ScreenHost.test.svelte';
import { text } from '../testdata';
import DrillsScreen from './DrillsScreen.svelte';
import {
  chartGeometry,
  cueable,
  drillImpact,
  dueDate,
  figureWords,
  needsTicking,
  restorable,
  trendSeries,
} from './logic';

vi.mock('../topology/TopologyGraph.svelte', async () => ({
  default: (await import('../topology/GraphStub.test.svelte')).default,
}));

const graph: TopologyGraph = {
  nodes: [
    {
      id: 'eu-west',
      label: 'West',
      kind: 'region',
      requirement: 'needs nothing',
      criticality: null,
      rtoSeconds: null,
      layer: 0,
    },
    {
      id: 'eu-north',
      label: 'North',
      kind: 'region',
      requirement: 'needs nothing',
      criticality: null,
      rtoSeconds: null,
      layer: 0,
    },
    {
      id: 'svc-archive',
      label: 'Archive',
      kind: 'business-service',
      requirement: 'needs 1 of eu-west, eu-north',
      criticality: 'high',
      rtoSeconds: 28800,
      layer: 1,
    },
  ],
  edges: [
    { source: 'eu-west', target: 'svc-archive', group: null },
    { source: 'eu-north', target: 'svc-archive', group: null },
  ],
  stores: [],
};

const scenarios: ScenarioList = {
  scenarios: [
    {
      id: 'drill-region-loss',
      version: '2026.1',
      path: 'drills/region-loss.toml',
      title: text('Loss of a region', 'Verlies van een regio'),
      summary: text('West goes, then North on cue.'),
      exercise: 'simulation',
      playbooks: ['dr-region-loss'],
      injections: 2,
      services: ['svc-archive'],
    },
  ],
  problems: [],
};

const figure = (over: Partial<FigureView>): FigureView => ({
  targetSeconds: 28800,
  overrideReason: null,
  achievedSeconds: null,
  verdict: 'not_reached',
  missedBySeconds: null,
  ...over,
});

/** The fake core's drill: which nodes are injected and restored decides every state. */
function drillOf(injected: string[], restored: string[], open = true): DrillRunView {
  const failed = injected.filter((n) => !restored.includes(n));
  const regionDown = (id: string) => failed.includes(id);
  const serviceDown = regionDown('eu-west') && regionDown('eu-north');
  const node = (id: string, down: boolean, degraded = false): NodeStateView => ({
    id,
    state: down ? 'down' : degraded ? 'degraded' : 'up',
    failed: failed.includes(id),
    reason: '',
    path: [],
  });
  return {
    run: 'run-1',
    title: 'Drill: Loss of a region',
    scenario: scenarios.scenarios[0]!,
    scenarioSha256: 'ab',
    controller: 'incident-manager',
    objectives: [text('Show the archive keeps serving.')],
    criteria: [{ index: 0, text: text('The archive keeps serving.'), met: null, note: null, by: null, at: null }],
    open,
    startedAt: '2026-11-26T08:00:00Z',
    closedAt: open ? null : '2026-11-26T11:00:00Z',
    measuredAt: '2026-11-26T09:00:00Z',
    schedule: [
      {
        id: 'west-down',
        node: 'eu-west',
        plannedAt: '2026-11-26T08:00:00Z',
        cue: null,
        description: text('West Europe is lost.'),
        status: 'injected',
        injectedAt: '2026-11-26T08:00:00Z',
        by: 'kari',
      },
      {
        id: 'north-down',
        node: 'eu-north',
        plannedAt: null,
        cue: text('When the team serves from North.'),
        description: text('North Europe is lost too.'),
        status: injected.includes('eu-north') ? 'injected' : 'awaiting_cue',
        injectedAt: injected.includes('eu-north') ? '2026-11-26T08:30:00Z' : null,
        by: null,
      },
    ],
    restorations: [],
    services: [
      {
        node: 'svc-archive',
        name: 'Archive',
        downAt: serviceDown || restored.length > 0 ? '2026-11-26T08:30:00Z' : null,
        causedBy: serviceDown || restored.length > 0 ? 'eu-north' : null,
        path: [],
        restoredAt: restored.length > 0 ? '2026-11-26T10:10:00Z' : null,
        degradedAt: null,
        rto:
          restored.length > 0
            ? figure({ achievedSeconds: 6000, verdict: 'met' })
            : figure({ verdict: serviceDown ? 'not_reached' : 'not_reached' }),
        rpo: figure({ targetSeconds: null, verdict: 'not_measured' }),
        restoreTier: null,
        restorePoint: null,
      },
    ],
    nodes: [
      node('eu-west', regionDown('eu-west')),
      node('eu-north', regionDown('eu-north')),
      node('svc-archive', serviceDown, !serviceDown && failed.length > 0),
    ],
    findings: [],
  };
}

const programme: ProgrammeView = {
  covered: 1,
  total: 2,
  entries: [
    {
      scenario: 'drill-region-loss',
      title: text('Loss of a region'),
      cycleDays: 365,
      drills: [
        {
          run: 'a',
          at: '2025-03-19T09:00:00Z',
          open: false,
          met: 0,
          missed: 1,
          pending: 0,
          rto: [
            { node: 'svc-archive', name: 'Archive', targetSeconds: 28800, achievedSeconds: 32400, verdict: 'missed' },
          ],
        },
        {
          run: 'b',
          at: '2026-03-19T09:00:00Z',
          open: false,
          met: 1,
          missed: 0,
          pending: 0,
          rto: [{ node: 'svc-archive', name: 'Archive', targetSeconds: 28800, achievedSeconds: 6000, verdict: 'met' }],
        },
      ],
      within12Months: true,
      nextDue: '2027-03-19T09:00:00Z',
      overdue: false,
    },
    {
      scenario: 'drill-backup',
      title: text('Failed backup'),
      cycleDays: 180,
      drills: [],
      within12Months: false,
      nextDue: null,
      overdue: true,
    },
  ],
};

function show(over: Parameters<typeof fakeBackend>[0] = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const backend = fakeBackend({
    drillScenarios: () => Promise.resolve(scenarios),
    drillList: () => Promise.resolve([]),
    programme: () => Promise.resolve(programme),
    topologyGraph: () => Promise.resolve(graph),
    runView: () => Promise.reject(new Error('no run view in this test')),
    ...over,
  });
  render(ScreenHost, { props: { screen: DrillsScreen, client }, context: backendContext(backend) });
  return backend;
}

beforeEach(() => {
  language.current = 'en';
  navigation.screen = 'drills';
});
afterEach(cleanup);

describe('drill logic', () => {
  it('words a figure without making up a zero', () => {
    expect(figureWords(figure({}))).toEqual({
      verdict: 'notReached',
      achieved: null,
      target: '8h',
      missedBy: null,
      good: null,
    });
    expect(figureWords(figure({ achievedSeconds: 6000, verdict: 'met' })).achieved).toBe('1h 40m');
    const missed = figureWords(figure({ achievedSeconds: 32400, verdict: 'missed', missedBySeconds: 3600 }));
    expect([missed.verdict, missed.missedBy, missed.good]).toEqual(['missed', '1h', false]);
    const none = figureWords(figure({ targetSeconds: null, verdict: 'not_measured' }));
    expect([none.achieved, none.target, none.good]).toEqual([null, null, null]);
    expect(figureWords(figure({ verdict: 'no_outage' })).good).toBe(true);
    expect(figureWords(figure({ verdict: 'not_restored' })).good).toBe(false);
  });

  it('takes the live impact, the cues, the ticking and the restorable nodes from the drill', () => {
    const d = drillOf(['eu-west', 'eu-north'], []);
    const impact = drillImpact(d);
    expect(impact.failed).toEqual(['eu-west', 'eu-north']);
    expect([impact.up, impact.degraded, impact.down]).toEqual([0, 0, 3]);
    expect(cueable(d)).toEqual([]);
    expect(cueable(drillOf(['eu-west'], [])).map((i) => i.id)).toEqual(['north-down']);
    expect(cueable(drillOf(['eu-west'], [], false))).toEqual([]);
    expect(needsTicking(d)).toBe(false);
    expect(needsTicking({ ...d, schedule: [{ ...d.schedule[0]!, status: 'planned' }] })).toBe(true);
    expect(restorable(d)).toEqual(['eu-west', 'eu-north', 'svc-archive']);
  });

  it('accepts a due date only as a real day', () => {
    expect(dueDate(' 2027-01-31 ')).toBe('2027-01-31');
    expect(dueDate('2027-02-30')).toBeNull();
    expect(dueDate('31-01-2027')).toBeNull();
  });

  it('draws the RTO trend per service over the drills, oldest first, with the target', () => {
    const series = trendSeries(programme.entries);
    expect(series).toHaveLength(1);
    expect(series[0]!.points.map((p) => p.seconds)).toEqual([32400, 6000]);
    const g = chartGeometry(series[0]!, 320, 140, 28);
    expect(g.points.map((p) => p.x)).toEqual([28, 292]);
    // Higher figures sit higher; the missed one above the target line.
    expect(g.points[0]!.y).toBeLessThan(g.targetY ?? 0);
    expect(g.points[1]!.y).toBeGreaterThan(g.targetY ?? 0);
    expect(g.points.every((p) => p.y >= 14 && p.y <= 112)).toBe(true);
  });
});

describe('DrillsScreen', () => {
  it(
    'starts a scenario, fires the injection on cue, turns the topology red and marks a recovery',
    { timeout: 30000 },
    async () => {
      let injected = ['eu-west'];
      let restored: string[] = [];
      const inject = vi.fn((r: DrillInjectRequest) => {
        injected = [...injected, 'eu-north'];
        expect(r).toEqual({ run: 'run-1', injection: 'north-down' });
        return Promise.resolve(drillOf(injected, restored));
      });
      const restore = vi.fn((r: DrillRestoreRequest) => {
        restored = [...r.nodes];
        return Promise.resolve(drillOf(injected, restored));
      });
      const start = vi.fn(() => Promise.resolve(drillOf(injected, restored)));
      show({
        drillStart: start,
        drillView: () => Promise.resolve(drillOf(injected, restored)),
        drillInject: inject,
        drillRestore: restore,
      });
      await fireEvent.click(await screen.findByTestId('start-scenario'));
      expect(start).toHaveBeenCalledWith({ scenario: 'drill-region-loss', title: null });
      expect((await screen.findByTestId('drill-title')).textContent).toBe('Drill: Loss of a region');
      // West is down, the archive still serves from North.
      await waitFor(() => expect(screen.getByRole('button', { name: 'eu-west' }).className).toContain('down'));
      expect(screen.getByRole('button', { name: 'svc-archive' }).className).not.toContain('down');
      expect(screen.getByTestId('measured').textContent).toContain('not reached yet');

      await fireEvent.click(screen.getByTestId('fire'));
      await waitFor(() => expect(screen.getByRole('button', { name: 'svc-archive' }).className).toContain('down'));
      expect(inject).toHaveBeenCalledOnce();
      expect(screen.queryByTestId('fire')).toBeNull();
      expect(screen.getByTestId('down-now').textContent).toContain('svc-archive');

      const select = screen.getByTestId<HTMLSelectElement>('restore-node');
      await fireEvent.change(select, { target: { value: 'eu-north' } });
      await fireEvent.click(screen.getByTestId('mark-restored'));
      expect(restore).toHaveBeenCalledWith({ run: 'run-1', nodes: ['eu-north'], at: null, reason: null, step: null });
      await waitFor(() => expect(screen.getByTestId('rto').textContent).toContain('1h 40m'));
      expect(screen.getByTestId('rto').textContent).toContain('met');
      expect(screen.getByTestId('down-now').textContent).not.toContain('svc-archive');
      expect(screen.getByRole('button', { name: 'svc-archive' }).className).not.toContain('down');
      expect(screen.getByTestId('rpo').textContent).toContain('not measured');
    },
  );

  it('records a graded finding with its corrective action, refusing a due date that is no day', async () => {
    const finding = vi.fn(() => Promise.resolve(drillOf(['eu-west'], [])));
    show({
      drillList: () =>
        Promise.resolve([
          {
            run: 'run-1',
            title: 'Drill',
            scenario: 'drill-region-loss',
            startedAt: '2026-11-26T08:00:00Z',
            open: true,
          },
        ]),
      drillView: () => Promise.resolve(drillOf(['eu-west'], [])),
      drillFinding: finding,
    });
    await fireEvent.click(await screen.findByTestId('open-drill'));
    await fireEvent.change(await screen.findByTestId('finding-grade'), { target: { value: 'major' } });
    await fireEvent.change(screen.getByTestId('finding-about'), { target: { value: 'service:svc-archive' } });
    await fireEvent.input(screen.getByTestId('finding-text'), { target: { value: 'Failover took manual work.' } });
    await fireEvent.input(screen.getByTestId('action-text'), { target: { value: 'Automate the switch.' } });
    await fireEvent.input(screen.getByTestId('action-owner'), { target: { value: 'technical-lead' } });
    await fireEvent.input(screen.getByTestId('action-due'), { target: { value: '2027-02-30' } });
    await fireEvent.click(screen.getByTestId('record-finding'));
    expect((await screen.findByTestId('finding-problem')).textContent).toContain('YYYY-MM-DD');
    expect(finding).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId('action-due'), { target: { value: '2027-01-31' } });
    await fireEvent.click(screen.getByTestId('record-finding'));
    expect(finding).toHaveBeenCalledWith({
      run: 'run-1',
      grade: 'major',
      step: null,
      service: 'svc-archive',
      text: 'Failover took manual work.',
      action: { text: 'Automate the switch.', owner: 'technical-lead', due: '2027-01-31' },
    });
  });

  it('judges a success criterion with what showed it', async () => {
    const judge = vi.fn(() => {
      const d = drillOf(['eu-west'], []);
      return Promise.resolve({
        ...d,
        criteria: [{ ...d.criteria[0]!, met: false, note: 'It stopped for 10 minutes.', by: 'kari', at: d.measuredAt }],
      });
    });
    show({
      drillList: () =>
        Promise.resolve([
          {
            run: 'run-1',
            title: 'Drill',
            scenario: 'drill-region-loss',
            startedAt: '2026-11-26T08:00:00Z',
            open: true,
          },
        ]),
      drillView: () => Promise.resolve(drillOf(['eu-west'], [])),
      drillJudge: judge,
    });
    await fireEvent.click(await screen.findByTestId('open-drill'));
    expect((await screen.findByTestId('criterion')).getAttribute('data-met')).toBe('unjudged');
    const notMet = screen.getByTestId<HTMLButtonElement>('judge-not-met');
    expect(notMet.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('judge-note'), { target: { value: 'It stopped for 10 minutes.' } });
    await fireEvent.click(notMet);
    expect(judge).toHaveBeenCalledWith({ run: 'run-1', criterion: 0, met: false, note: 'It stopped for 10 minutes.' });
    await waitFor(() => expect(screen.getByTestId('criterion').getAttribute('data-met')).toBe('false'));
    expect(screen.getByTestId('criterion').textContent).toContain('not met');
  });

  it('closes the drill with the sign-off statement and leads to the exercise report', async () => {
    let open = true;
    const act = vi.fn(() => {
      open = false;
      return Promise.reject(new Error('the run view is not part of this test'));
    });
    show({
      drillList: () =>
        Promise.resolve([
          {
            run: 'run-1',
            title: 'Drill',
            scenario: 'drill-region-loss',
            startedAt: '2026-11-26T08:00:00Z',
            open: true,
          },
        ]),
      drillView: () => Promise.resolve(drillOf(['eu-west'], ['eu-west'], open)),
      runAct: act,
    });
    await fireEvent.click(await screen.findByTestId('open-drill'));
    await fireEvent.click(await screen.findByTestId('close-drill'));
    expect(act).toHaveBeenCalledWith({
      run: 'run-1',
      action: { action: 'close', statement: 'The drill is complete; achieved figures as measured.' },
    });
  });

  it('shows the programme: coverage, next due, overdue scenarios and one trend chart per service', async () => {
    show();
    expect((await screen.findByTestId('coverage')).textContent).toContain('1 of 2');
    const rows = await screen.findAllByTestId('programme-entry');
    expect(rows[0]!.textContent).toContain('2027-03-19');
    expect(rows[1]!.textContent).toContain('overdue');
    const chart = await screen.findByTestId('trend');
    expect(chart.getAttribute('data-service')).toBe('svc-archive');
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(chart.querySelectorAll('circle.over')).toHaveLength(1);
  });

  it('speaks Dutch throughout when asked', async () => {
    language.current = 'nl';
    show();
    expect((await screen.findByTestId('scenario')).textContent).toContain('Verlies van een regio');
    expect(screen.getByTestId('start-scenario').textContent).toBe('Start oefening');
  });
});
