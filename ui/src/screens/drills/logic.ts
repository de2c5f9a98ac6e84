// The drill screen's logic, without Svelte: figures against targets in words, the live
// topology's impact from a drill's journaled node states, and the trend chart's geometry.
import type { DrillRunView, FigureView, ImpactView, InjectionView, ProgrammeEntryView } from '../../lib/ipc/generated';
import { duration } from '../topology/model';

/** How a figure reads against its target, as label key and the duration that goes with it. */
export type FigureWords = {
  /** `met`, `missed`, `notReached`, `notMeasured`, `noOutage`, `notRestored`, `noRestorePoint`. */
  verdict: string;
  /** The achieved figure ("1h 40m"), or null when there is none. */
  achieved: string | null;
  /** The target ("4h"), or null when the scenario did not ask. */
  target: string | null;
  /** By how much it was missed, or null. */
  missedBy: string | null;
  /** Whether the figure counts as met, as missed, or is still open (null). */
  good: boolean | null;
};

const verdictKeys = {
  met: 'met',
  missed: 'missed',
  not_reached: 'notReached',
  not_measured: 'notMeasured',
  no_outage: 'noOutage',
  not_restored: 'notRestored',
  no_restore_point: 'noRestorePoint',
} as const;

/** A figure in words: never a made-up zero; "not reached yet" while the drill is open. */
export function figureWords(f: FigureView): FigureWords {
  const verdict = verdictKeys[f.verdict];
  const good =
    f.verdict === 'met' || f.verdict === 'no_outage'
      ? true
      : f.verdict === 'missed' || f.verdict === 'not_restored' || f.verdict === 'no_restore_point'
        ? false
        : null;
  return {
    verdict,
    achieved: f.achievedSeconds === null ? null : duration(f.achievedSeconds),
    target: f.verdict === 'not_measured' || f.targetSeconds === null ? null : duration(f.targetSeconds),
    missedBy: f.missedBySeconds === null ? null : duration(f.missedBySeconds),
    good,
  };
}

/** The drill's live state as the topology graph takes it: every node's state and the nodes
 * injected (failed directly) and not restored. */
export function drillImpact(view: DrillRunView): ImpactView {
  let up = 0;
  let degraded = 0;
  let down = 0;
  for (const n of view.nodes) {
    if (n.state === 'up') up++;
    else if (n.state === 'degraded') degraded++;
    else down++;
  }
  return {
    failed: view.nodes.filter((n) => n.failed).map((n) => n.id),
    up,
    degraded,
    down,
    nodes: view.nodes,
  };
}

/** The injections the exercise controller may fire now: on cue and not given yet. */
export function cueable(view: DrillRunView): InjectionView[] {
  return view.open ? view.schedule.filter((i) => i.status === 'awaiting_cue' && i.id !== null) : [];
}

/** Whether the window should keep asking for due injections: open with a planned or due one. */
export function needsTicking(view: DrillRunView): boolean {
  return view.open && view.schedule.some((i) => i.status === 'planned' || i.status === 'due');
}

/** Nodes the controller may mark restored: the injected ones that are down or degraded now,
 * then every other node that is down, each once. */
export function restorable(view: DrillRunView): string[] {
  const state = new Map(view.nodes.map((n) => [n.id, n.state]));
  const out: string[] = [];
  for (const i of view.schedule) {
    if (i.status === 'injected' && state.get(i.node) !== 'up' && !out.includes(i.node)) out.push(i.node);
  }
  for (const n of view.nodes) if (n.state === 'down' && !out.includes(n.id)) out.push(n.id);
  return out;
}

/** A due date typed as `YYYY-MM-DD` that is a real day, else null. */
export function dueDate(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return null;
  const d = new Date(`${t}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t ? null : t;
}

/** One service's achieved RTO over the drills of the programme, oldest first. */
export type TrendSeries = {
  node: string;
  name: string;
  targetSeconds: number | null;
  points: { at: string; run: string; seconds: number | null }[];
};

/** The RTO trend per service over every drill in the programme (drills oldest first). */
export function trendSeries(entries: ProgrammeEntryView[]): TrendSeries[] {
  const series = new Map<string, TrendSeries>();
  const drills = entries.flatMap((e) => e.drills).sort((a, b) => a.at.localeCompare(b.at));
  for (const d of drills) {
    for (const r of d.rto) {
      let s = series.get(r.node);
      if (!s) {
        s = { node: r.node, name: r.name, targetSeconds: r.targetSeconds, points: [] };
        series.set(r.node, s);
      }
      s.points.push({ at: d.at, run: d.run, seconds: r.achievedSeconds });
    }
  }
  return [...series.values()];
}

/** Where a series' points and target sit in a chart of `width` × `height` with `pad` around:
 * x by drill (evenly), y by minutes from 0 at the bottom to the largest figure or target. */
export function chartGeometry(
  s: TrendSeries,
  width: number,
  height: number,
  pad: number,
): { points: { x: number; y: number; seconds: number; at: string }[]; targetY: number | null; maxSeconds: number } {
  const figures = s.points.map((p) => p.seconds ?? 0);
  const maxSeconds = Math.max(1, s.targetSeconds ?? 0, ...figures) * 1.1;
  const n = s.points.length;
  const x = (i: number) => (n <= 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (sec: number) => height - pad - (sec / maxSeconds) * (height - 2 * pad);
  const points = s.points.flatMap((p, i) =>
    p.seconds === null ? [] : [{ x: x(i), y: y(p.seconds), seconds: p.seconds, at: p.at }],
  );
  return { points, targetY: s.targetSeconds === null ? null : y(s.targetSeconds), maxSeconds };
}

/** An RFC 3339 time as `2026-11-26 08:00`. */
export function shortMoment(rfc3339: string | null): string {
  if (!rfc3339) return '–';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]}` : rfc3339;
}

export { duration };
