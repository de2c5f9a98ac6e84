// What the core tells the window by itself, without being asked: the team journal's background
// sync took in events (`journal-changed`) or its link changed (`team-status-changed`). Screens
// that show the journal or a run subscribe to `journalChanged` and read again; the team status
// subscribes to `teamStatusChanged`. App.svelte connects them to the backend once.
import type { Backend, SignalName } from './backend';

/** A signal: a version that counts its notifications (reactive) and listeners called at each. */
export type Signal = {
  /** How often it was notified (read it in an effect to rerun on each). */
  readonly version: number;
  /** Notifies every listener. */
  notify(): void;
  /** Calls `listener` at every notification from now on; returns the unsubscribe (an `$effect`
   * can return it as its teardown). */
  subscribe(listener: () => void): () => void;
};

export function createSignal(): Signal {
  let version = $state(0);
  // Plain callbacks, not state: nothing renders from this set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const listeners = new Set<() => void>();
  return {
    get version() {
      return version;
    },
    notify() {
      version += 1;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The journal took in events from elsewhere (another laptop, through the team server). */
export const journalChanged = createSignal();
/** The team link changed (connected, offline, a sync done). */
export const teamStatusChanged = createSignal();

const signals: Record<SignalName, Signal> = {
  'journal-changed': journalChanged,
  'team-status-changed': teamStatusChanged,
};

/** Connects the backend's signals (the window's events) to the stores; returns the
 * disconnect. A backend without signals (tests, other hosts) connects nothing. */
export function connectSignals(backend: Backend): () => void {
  const on = backend.onSignal;
  if (!on) return () => {};
  const stops: Array<() => void> = [];
  let stopped = false;
  for (const [name, signal] of Object.entries(signals) as Array<[SignalName, Signal]>) {
    void on(name, () => signal.notify()).then((stop) => {
      if (stopped) stop();
      else stops.push(stop);
    });
  }
  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}
