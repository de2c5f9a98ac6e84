/** The UI's one clock: `now.current` (ms since the epoch), updated every second while started.
 * Countdowns read it; the backend never depends on it. */
export const now = $state<{ current: number }>({ current: Date.now() });

let timer: ReturnType<typeof setInterval> | null = null;

/** Starts the ticking (idempotent); returns a function that stops it. */
export function startTicking(): () => void {
  if (timer === null) {
    timer = setInterval(() => (now.current = Date.now()), 1000);
  }
  return () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
}
