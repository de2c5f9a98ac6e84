import { describe, expect, it } from 'vitest';
import type { DrillView, GraphNode, ImpactView, NodeStateView } from '../../lib/ipc/generated';
import {
  affectedServices,
  duration,
  fitViewport,
  injectedUpTo,
  kindShapes,
  labelBox,
  labelRank,
  layeredPositions,
  lookOf,
  parseOffset,
  placeLabels,
  shapeOf,
  stateColours,
  wrapLines,
  statesById,
  step,
  wrappable,
  wantedMoment,
} from './model';

function node(id: string, kind: string, layer: number): GraphNode {
  return { id, label: id, kind, requirement: 'needs nothing', criticality: null, rtoSeconds: null, layer };
}
function state(id: string, s: NodeStateView['state'], failed = false, path: string[] = []): NodeStateView {
  return { id, state: s, failed, reason: s === 'up' ? '' : 'because', path };
}
function impact(nodes: NodeStateView[]): ImpactView {
  return {
    failed: nodes.filter((n) => n.failed).map((n) => n.id),
    up: nodes.filter((n) => n.state === 'up').length,
    degraded: nodes.filter((n) => n.state === 'degraded').length,
    down: nodes.filter((n) => n.state === 'down').length,
    nodes,
  };
}

describe('impact to styles', () => {
  it('colours each state differently and marks failed nodes with a heavier border', () => {
    const up = lookOf('up', false);
    const degraded = lookOf('degraded', false);
    const down = lookOf('down', false);
    const failed = lookOf('down', true);
    expect(new Set([up.fill, degraded.fill, down.fill]).size).toBe(3);
    expect(down.fill).toBe(stateColours.down);
    expect(up.classes).toEqual(['up']);
    expect(failed.classes).toEqual(['down', 'failed']);
    expect(failed.borderWidth).toBeGreaterThan(down.borderWidth);
    expect(down.borderWidth).toBeGreaterThan(up.borderWidth);
  });

  it('gives every kind of the format a shape, and unknown kinds a default', () => {
    const kinds = [
      'site',
      'power-feed',
      'ups',
      'cooling',
      'network-zone',
      'firewall',
      'vpn-link',
      'server-group',
      'server',
      'storage',
      'backup-set',
      'external-provider',
      'team',
      'business-service',
    ];
    expect(Object.keys(kindShapes).sort()).toEqual([...kinds].sort());
    expect(shapeOf('site')).toBe('rectangle');
    expect(shapeOf('something-new')).toBe('ellipse');
  });

  it('lists the business services not up, down before degraded, with their why-paths', () => {
    const nodes = [
      node('dc', 'site', 0),
      node('svc-b', 'business-service', 2),
      node('svc-a', 'business-service', 2),
      node('svc-c', 'business-service', 2),
      node('web', 'server-group', 1),
    ];
    const i = impact([
      state('dc', 'down', true, ['dc']),
      state('svc-b', 'degraded', false, ['svc-b', 'web', 'dc']),
      state('svc-a', 'down', false, ['svc-a', 'dc']),
      state('svc-c', 'up'),
      state('web', 'degraded', false, ['web', 'dc']),
    ]);
    const hit = affectedServices(nodes, i);
    expect(hit.map((s) => s.id)).toEqual(['svc-a', 'svc-b']);
    expect(hit[1]?.path).toEqual(['svc-b', 'web', 'dc']);
    expect(affectedServices(nodes, null)).toEqual([]);
    expect(statesById(i).get('web')?.state).toBe('degraded');
  });
});

describe('layered layout', () => {
  it('puts each layer in its own column, left to right, centred on the tallest', () => {
    const nodes = [
      node('a', 'site', 0),
      node('b', 'site', 0),
      node('c', 'site', 0),
      node('d', 'server', 1),
      node('e', 'business-service', 2),
    ];
    const p = layeredPositions(nodes, { column: 100, row: 10 });
    expect(p.get('a')).toEqual({ x: 0, y: 0 });
    expect(p.get('c')).toEqual({ x: 0, y: 20 });
    expect(p.get('d')).toEqual({ x: 100, y: 10 });
    expect(p.get('e')?.x).toBe(200);
    expect(p.size).toBe(5);
  });

  it('wraps a layer taller than the row limit into columns side by side', () => {
    const nodes = [
      ...Array.from({ length: 10 }, (_, i) => node(`n${i}`, 'server', 0)),
      node('svc', 'business-service', 1),
    ];
    const p = layeredPositions(nodes, { column: 100, row: 10 }, 4);
    expect([0, 3, 4, 9].map((i) => p.get(`n${i}`))).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 30 },
      { x: 100, y: 0 },
      { x: 200, y: 10 },
    ]);
    // The next layer starts after the three wrapped columns and a half-column gap, centred.
    expect(p.get('svc')).toEqual({ x: 350, y: 15 });
  });

  it('keeps a small topology in one column per layer', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, 'server', 0));
    const p = layeredPositions(nodes);
    expect(new Set([...p.values()].map((q) => q.x))).toEqual(new Set([0]));
  });
});

describe('labels on the graph', () => {
  it('may break after hyphens and reads the same', () => {
    expect(wrappable('web-oslo-1')).toBe('web-\u200boslo-\u200b1');
    expect(wrappable('web-oslo-1').replace(/\u200b/g, '')).toBe('web-oslo-1');
  });
});

describe('durations and offsets', () => {
  it('writes durations short', () => {
    expect(duration(0)).toBe('0m');
    expect(duration(45 * 60)).toBe('45m');
    expect(duration(4 * 3600)).toBe('4h');
    expect(duration(4 * 3600 + 30 * 60)).toBe('4h 30m');
    expect(duration(86400 + 2 * 3600)).toBe('1d 2h');
    expect(duration(30)).toBe('30s');
  });
  it('reads offsets as typed, and refuses what is not one', () => {
    expect(parseOffset('0')).toBe(0);
    expect(parseOffset('15m')).toBe(900);
    expect(parseOffset('1h30m')).toBe(5400);
    expect(parseOffset(' 2h ')).toBe(7200);
    expect(parseOffset('1d')).toBe(86400);
    expect(parseOffset('soon')).toBeNull();
    expect(parseOffset('15')).toBeNull();
    expect(parseOffset('15m later')).toBeNull();
  });
});

describe('drill stepper', () => {
  const drill: DrillView = {
    name: 'x',
    moments: [
      { atSeconds: 0, injected: ['a'], impact: impact([]) },
      { atSeconds: 600, injected: ['b', 'c'], impact: impact([]) },
      { atSeconds: 3600, injected: ['d'], impact: impact([]) },
    ],
  };
  it('steps forward and back within the drill and stops at its ends', () => {
    let s = { index: 0, count: 3 };
    s = step(s, -1);
    expect(s.index).toBe(0);
    s = step(step(s, 1), 1);
    expect(s.index).toBe(2);
    s = step(s, 1);
    expect(s.index).toBe(2);
    s = step(s, -1);
    expect(s.index).toBe(1);
    expect(step({ index: 0, count: 0 }, 1).index).toBe(0);
  });
  it('counts every failure injected up to the moment shown', () => {
    expect(injectedUpTo(drill, 0)).toEqual(['a']);
    expect(injectedUpTo(drill, 1)).toEqual(['a', 'b', 'c']);
    expect(injectedUpTo(drill, 2)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('restore form', () => {
  it('turns the local moment into RFC 3339 with the offset', () => {
    expect(wantedMoment('2026-11-25T14:30', 60)).toBe('2026-11-25T14:30:00+01:00');
    expect(wantedMoment('2026-11-25T14:30:15', -330)).toBe('2026-11-25T14:30:15-05:30');
    expect(wantedMoment('2026-11-25T14:30', 0)).toBe('2026-11-25T14:30:00+00:00');
    expect(wantedMoment(' 2026-11-25 14:30 ', 120)).toBe('2026-11-25T14:30:00+02:00');
    expect(wantedMoment('2026-11-25', 0)).toBeNull();
    expect(wantedMoment('', 0)).toBeNull();
    expect(wantedMoment('yesterday', 0)).toBeNull();
  });
});

describe('label level of detail', () => {
  const column = (n: number, kind = 'server') =>
    Array.from({ length: n }, (_, i) => ({
      id: `node-${i}`,
      x: 0,
      y: i * 46,
      text: `node-${i}`,
      rank: labelRank(kind),
    }));

  it('draws every label when the zoom leaves room, and fewer, never overlapping, when it does not', () => {
    expect(placeLabels(column(10), 1).size).toBe(10);
    const far = placeLabels(column(100), 0.1);
    expect(far.size).toBeGreaterThan(0);
    expect(far.size).toBeLessThan(100);
    const boxes = column(100)
      .filter((c) => far.has(c.id))
      .map((c) => labelBox(c, 0.1));
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).toBe(false);
      }),
    );
  });

  it('names services before servers where they compete, whatever the input order', () => {
    const servers = column(5);
    const service = { id: 'svc-login', x: 0, y: 46, text: 'svc-login', rank: labelRank('business-service') };
    const a = placeLabels([...servers, service], 0.3);
    const b = placeLabels([service, ...servers.reverse()], 0.3);
    expect(a.has('svc-login')).toBe(true);
    expect([...a].sort()).toEqual([...b].sort());
  });

  it('wraps after hyphens within the width', () => {
    expect(wrapLines('backup-document-archive-nightly', 14)).toEqual(['backup-', 'document-', 'archive-', 'nightly']);
    expect(wrapLines('svc-login', 14)).toEqual(['svc-login']);
    expect(wrapLines('averyveryverylongname', 8)).toEqual(['averyver', 'yverylon', 'gname']);
  });
});

describe('fitting the view', () => {
  it('keeps every node and room for its label inside the panel', () => {
    const positions = [
      { x: 0, y: 0 },
      { x: 900, y: 0 },
      { x: 450, y: 700 },
    ];
    const { zoom, pan } = fitViewport(positions, 760, 580, { min: 0.3, max: 4 });
    for (const p of positions) {
      const sx = p.x * zoom + pan.x;
      const sy = p.y * zoom + pan.y;
      expect(sx).toBeGreaterThanOrEqual(46);
      expect(sx).toBeLessThanOrEqual(760 - 46);
      expect(sy).toBeGreaterThanOrEqual(0);
      expect(sy + 3 * 11 * 1.2).toBeLessThanOrEqual(580);
    }
  });

  it('never zooms past its limits', () => {
    expect(fitViewport([{ x: 0, y: 0 }], 760, 580, { min: 0.3, max: 4 }).zoom).toBe(4);
    const wide = Array.from({ length: 200 }, (_, i) => ({ x: i * 500, y: 0 }));
    expect(fitViewport(wide, 760, 580, { min: 0.3, max: 4 }).zoom).toBe(0.3);
  });
});
