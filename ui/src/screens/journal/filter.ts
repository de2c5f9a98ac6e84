import type { JournalFilter, JournalPage } from '../../lib/ipc/generated';

/** The filter the form's fields describe: empty fields do not narrow; a local date-time
 * input (`2026-11-26T08:00`) is read as UTC. It asks for the newest page (`before: null`). */
export function toFilter(f: { run: string; actor: string; kind: string; from: string; to: string }): JournalFilter {
  const time = (s: string) => (s.trim() === '' ? null : s.length === 16 ? `${s}:00Z` : s);
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    run: text(f.run),
    actor: text(f.actor),
    kind: text(f.kind),
    from: time(f.from),
    to: time(f.to),
    before: null,
  };
}

/** The `before` that asks for the page older than `pages` (newest first, as fetched): the
 * oldest shown event's seq, or null when every matching event is shown. */
export function olderThan(pages: JournalPage[]): number | null {
  const newest = pages[0];
  const oldest = pages[pages.length - 1]?.events[0];
  const shown = pages.reduce((n, p) => n + p.events.length, 0);
  return newest && oldest && shown < newest.matching ? oldest.seq : null;
}
