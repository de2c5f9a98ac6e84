// The topology view's logic, apart from the drawing: styles for states and kinds, the layered
// positions, durations in words, the drill stepper and the wanted moment of the restore form.
import type { DrillView, GraphNode, ImpactView, NodeStateName, NodeStateView } from '../../lib/ipc/generated';

/** The fill colour of each state (also the legend's swatches). */
export const stateColours: Record<NodeStateName, string> = {
  up: '#5fa36a',
  degraded: '#e0a526',
  down: '#c23b3b',
};

/** Shapes by kind (Cytoscape shape names), with a glyph for the legend. */
export const kindShapes: Record<string, { shape: string; glyph: string }> = {
  site: { shape: 'rectangle', glyph: '■' },
  'power-feed': { shape: 'triangle', glyph: '▲' },
  ups: { shape: 'pentagon', glyph: '⬟' },
  cooling: { shape: 'hexagon', glyph: '⬢' },
  'network-zone': { shape: 'rhomboid', glyph: '▰' },
  firewall: { shape: 'concave-hexagon', glyph: '⬡' },
  'vpn-link': { shape: 'vee', glyph: '⌄' },
  'server-group': { shape: 'round-rectangle', glyph: '▢' },
  server: { shape: 'ellipse', glyph: '●' },
  storage: { shape: 'barrel', glyph: '⛁' },
  'backup-set': { shape: 'tag', glyph: '◩' },
  'external-provider': { shape: 'star', glyph: '★' },
  team: { shape: 'diamond', glyph: '◆' },
  'business-service': { shape: 'round-rectangle', glyph: '▬' },
};

export function shapeOf(kind: string): string {
  return kindShapes[kind]?.shape ?? 'ellipse';
}

/** What a node looks like in a state: fill, border, and the class names the stylesheet uses. */
export type NodeLook = { fill: string; border: string; borderWidth: number; classes: string[] };

export function lookOf(state: NodeStateName, failed: boolean): NodeLook {
  const classes: string[] = [state];
  if (failed) classes.push('failed');
  return {
    fill: stateColours[state],
    border: failed ? '#1d2430' : state === 'up' ? '#3d6e45' : '#6b4a00',
    borderWidth: failed ? 4 : state === 'up' ? 1 : 2,
    classes,
  };
}

/** Every node's state by id; nodes the impact does not mention are up. */
export function statesById(impact: ImpactView | null | undefined): Map<string, NodeStateView> {
  const m = new Map<string, NodeStateView>();
  for (const n of impact?.nodes ?? []) m.set(n.id, n);
  return m;
}

/** The business services that are not up, worst first, each with its why-path. */
export function affectedServices(nodes: GraphNode[], impact: ImpactView | null | undefined): NodeStateView[] {
  const states = statesById(impact);
  const rank: Record<NodeStateName, number> = { down: 0, degraded: 1, up: 2 };
  return nodes
    .filter((n) => n.kind === 'business-service')
    .map((n) => states.get(n.id))
    .filter((s): s is NodeStateView => s !== undefined && s.state !== 'up')
    .sort((a, b) => rank[a.state] - rank[b.state] || a.id.localeCompare(b.id));
}

/** Model positions of a layered layout: one column per layer, left (needs nothing) to right
 * (the business services); in each column nodes keep file order, centred vertically. A layer
 * taller than `maxRows` (large topologies) wraps into several columns side by side, so that a
 * 2,000-node graph fits a wide panel instead of one tall strip. */
export function layeredPositions(
  nodes: GraphNode[],
  spacing = { column: 104, row: 46 },
  maxRows = Math.max(24, Math.ceil(1.2 * Math.sqrt(nodes.length))),
): Map<string, { x: number; y: number }> {
  const columns = new Map<number, GraphNode[]>();
  for (const n of nodes) {
    const c = columns.get(n.layer) ?? [];
    c.push(n);
    columns.set(n.layer, c);
  }
  const layers = [...columns.keys()].sort((a, b) => a - b);
  const rows = (c: GraphNode[]) => Math.min(c.length, maxRows);
  const tallest = Math.max(0, ...[...columns.values()].map(rows));
  const out = new Map<string, { x: number; y: number }>();
  let x = 0;
  for (const layer of layers) {
    const column = columns.get(layer) ?? [];
    const wraps = Math.ceil(column.length / maxRows);
    const offset = ((tallest - rows(column)) * spacing.row) / 2;
    column.forEach((n, i) => {
      const sub = Math.floor(i / maxRows);
      out.set(n.id, { x: x + sub * spacing.column, y: offset + (i % maxRows) * spacing.row });
    });
    x += Math.max(1, wraps) * spacing.column + (wraps > 1 ? spacing.column / 2 : 0);
  }
  return out;
}

/** A label Cytoscape may wrap after each hyphen (a zero-width space follows it). */
export function wrappable(id: string): string {
  return id.replace(/-/g, '-\u200b');
}

/** Seconds as a short duration: "0m", "45m", "4h", "1d 2h". */
export function duration(seconds: number): string {
  if (seconds <= 0) return '0m';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m && !d) parts.push(`${m}m`);
  if (parts.length === 0) parts.push(`${seconds}s`);
  return parts.join(' ');
}

/** An offset as typed ("15m", "1h30m", "2h", "0") in seconds, or null when it is not one. */
export function parseOffset(text: string): number | null {
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (t === '0') return 0;
  if (!/^(\d+[dhms])+$/.test(t)) return null;
  const unit = { d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const m of t.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * unit[m[2] as keyof typeof unit];
  return total;
}

/** The drill stepper: which moment is shown, moving one step at a time within the drill. */
export type Stepper = { index: number; count: number };

export function step(s: Stepper, by: 1 | -1): Stepper {
  const index = Math.min(Math.max(s.index + by, 0), Math.max(s.count - 1, 0));
  return { ...s, index };
}

/** The nodes failed by the moment shown: everything injected up to and including it. */
export function injectedUpTo(drill: DrillView, index: number): string[] {
  return drill.moments.slice(0, index + 1).flatMap((m) => m.injected);
}

/** A local moment as typed ("2026-11-25 14:30" or "2026-11-25T14:30") read in a fixed UTC offset (minutes east,
 * as the negated `Date.getTimezoneOffset()`), as RFC 3339 with that offset; null when empty. */
export function wantedMoment(local: string, offsetMinutes: number): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${m[1]}T${m[2]}:${m[3] ?? '00'}${sign}${hh}:${mm}`;
}

/** Drill scenarios offered ready-made; the user may change them before playing. */
export const drillPresets: { id: string; injections: { node: string; at: string }[] }[] = [
  {
    id: 'oslo-power',
    injections: [
      { node: 'power-feed-a-oslo', at: '0m' },
      { node: 'ups-a-oslo', at: '20m' },
      { node: 'power-feed-b-oslo', at: '45m' },
      { node: 'ups-b-oslo', at: '1h' },
    ],
  },
  {
    id: 'partner-loss',
    injections: [
      { node: 'vpn-site-to-site', at: '0m' },
      { node: 'hosting-partner', at: '30m' },
    ],
  },
  {
    id: 'archive-regions',
    injections: [
      { node: 'azure-archive-westeurope', at: '0m' },
      { node: 'azure-archive-northeurope', at: '2h' },
    ],
  },
];

/** A node's label as a candidate for drawing: where the node sits (model coordinates), the
 * text, and its rank (lower is drawn first when labels would overlap). */
export type LabelCandidate = { id: string; x: number; y: number; text: string; rank: number };

/** How labels look on screen, whatever the zoom: font size and wrapping width in CSS pixels,
 * the node's half height below its centre (model units) and the free gap kept around a label. */
export type LabelMetrics = { fontPx: number; widthPx: number; belowModel: number; gapPx: number };

export const labelMetrics: LabelMetrics = { fontPx: 11, widthPx: 92, belowModel: 11, gapPx: 3 };

/** The rank of a kind's labels: business services first, then sites, then everything else. */
export function labelRank(kind: string): number {
  return kind === 'business-service' ? 0 : kind === 'site' ? 1 : 2;
}

/** The on-screen box a label takes below its node at `zoom` (DejaVu Sans averages about 0.6 em
 * a character; text wraps after a hyphen at the width). */
export function labelBox(
  c: LabelCandidate,
  zoom: number,
  m: LabelMetrics = labelMetrics,
): { left: number; top: number; right: number; bottom: number } {
  const charPx = 0.6 * m.fontPx;
  const lines = wrapLines(c.text, Math.max(1, Math.floor(m.widthPx / charPx)));
  const width = Math.min(m.widthPx, Math.max(...lines.map((l) => l.length)) * charPx);
  const height = lines.length * m.fontPx * 1.2;
  const cx = c.x * zoom;
  const top = c.y * zoom + m.belowModel * zoom + 2;
  return { left: cx - width / 2, top, right: cx + width / 2, bottom: top + height };
}

/** The lines a label wraps into at `perLine` characters, breaking after hyphens where it can. */
export function wrapLines(text: string, perLine: number): string[] {
  const parts = text.split(/(?<=-)/);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line && line.length + part.length > perLine) {
      lines.push(line);
      line = '';
    }
    line += part;
    while (line.length > perLine) {
      lines.push(line.slice(0, perLine));
      line = line.slice(perLine);
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Level of detail for labels: which labels to draw at `zoom` so that every drawn label is
 * `fontPx` high on screen (readable at the zoom that fits the whole graph) and no two drawn
 * labels overlap. Greedy in rank order, then top to bottom, left to right, so the answer does
 * not depend on the order of the candidates; a uniform grid keeps it linear in their number.
 * Zooming in frees space, so more labels appear; the services and sites come first. */
export function placeLabels(candidates: LabelCandidate[], zoom: number, m: LabelMetrics = labelMetrics): Set<string> {
  const order = [...candidates].sort(
    (a, b) => a.rank - b.rank || a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const cell = m.widthPx + 2 * m.gapPx;
  const grid = new Map<string, { left: number; top: number; right: number; bottom: number }[]>();
  const cells = (b: { left: number; top: number; right: number; bottom: number }) => {
    const out: string[] = [];
    for (let i = Math.floor(b.left / cell); i <= Math.floor(b.right / cell); i++)
      for (let j = Math.floor(b.top / cell); j <= Math.floor(b.bottom / cell); j++) out.push(`${i},${j}`);
    return out;
  };
  const shown = new Set<string>();
  for (const c of order) {
    const inner = labelBox(c, zoom, m);
    const b = {
      left: inner.left - m.gapPx,
      top: inner.top - m.gapPx,
      right: inner.right + m.gapPx,
      bottom: inner.bottom + m.gapPx,
    };
    const keys = cells(b);
    const clash = keys.some((k) =>
      (grid.get(k) ?? []).some((o) => b.left < o.right && o.left < b.right && b.top < o.bottom && o.top < b.bottom),
    );
    if (clash) continue;
    for (const k of keys) {
      const list = grid.get(k) ?? [];
      list.push(b);
      grid.set(k, list);
    }
    shown.add(c.id);
  }
  return shown;
}

/** The zoom and pan that fit every node of `positions` into a `width` × `height` panel with
 * `padding` pixels around, keeping room for the labels: half a label's width on the left and
 * right, and three label lines below the lowest node. Computed from the positions alone, so
 * drawing never measures the graph's elements to fit it. */
export function fitViewport(
  positions: Iterable<{ x: number; y: number }>,
  width: number,
  height: number,
  limits: { min: number; max: number },
  padding = 16,
  m: LabelMetrics = labelMetrics,
): { zoom: number; pan: { x: number; y: number } } {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of positions) {
    left = Math.min(left, p.x);
    right = Math.max(right, p.x);
    top = Math.min(top, p.y);
    bottom = Math.max(bottom, p.y);
  }
  if (!Number.isFinite(left)) return { zoom: 1, pan: { x: width / 2, y: height / 2 } };
  const side = padding + m.widthPx / 2;
  const above = padding + 24;
  const below = padding + 3 * m.fontPx * 1.2 + 24;
  const zx = (width - 2 * side) / Math.max(right - left, 1);
  const zy = (height - above - below) / Math.max(bottom - top, 1);
  const zoom = Math.min(limits.max, Math.max(limits.min, Math.min(zx, zy)));
  const usedW = (right - left) * zoom;
  const usedH = (bottom - top) * zoom;
  return {
    zoom,
    pan: {
      x: side + (width - 2 * side - usedW) / 2 - left * zoom,
      y: above + (height - above - below - usedH) / 2 - top * zoom,
    },
  };
}
