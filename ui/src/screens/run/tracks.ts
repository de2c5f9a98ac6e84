// Steps grouped by the playbook's tracks, in the tracks' order; steps without a track last.
import type { TrackView } from '../../lib/ipc/generated';

export type TrackGroup<S> = { id: string; title: string; steps: S[] };

/** The groups of `steps` by track (empty groups left out); `untracked` titles the rest. */
export function byTrack<S extends { track: string | null }>(
  steps: S[],
  tracks: TrackView[],
  untracked: string,
  lang: 'en' | 'nl' = 'en',
): TrackGroup<S>[] {
  const groups: TrackGroup<S>[] = tracks.map((tr) => ({
    id: tr.id,
    title: tr.title[lang],
    steps: steps.filter((s) => s.track === tr.id),
  }));
  const known = new Set(tracks.map((tr) => tr.id));
  groups.push({ id: '', title: untracked, steps: steps.filter((s) => s.track === null || !known.has(s.track)) });
  return groups.filter((g) => g.steps.length > 0);
}
