import type { ClockStateName } from './ipc/generated';

/** Seconds as people read a deadline: "14 d 3 h" (from 100 hours), "71 h 59 min", "12 min 05 s", "45 s". */
export function formatSpan(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (s >= 100 * 3600) return `${days} d ${h} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(m).padStart(2, '0')} min`;
  if (s >= 60) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/** Where a clock stands at `nowMs`, from its deadline and backend state. */
export type ClockReading =
  | { kind: 'pending' }
  | { kind: 'met'; marginSeconds: number }
  | { kind: 'running'; seconds: number }
  | { kind: 'overdue'; seconds: number }
  | { kind: 'missed'; seconds: number }
  | { kind: 'not-applicable' }
  | { kind: 'stopped' };

/** The parts of a clock that `readClock` reads. */
export type ClockFacts = {
  state: ClockStateName;
  deadline: string | null;
  overdue: boolean;
  marginSeconds: number | null;
  missedBySeconds: number | null;
};

/** Reads a clock at `nowMs`. A clock that is met, missed after its stop, stopped by the close or
 * ruled out by a decision stays so; a running or overdue one counts against its deadline. Only
 * a clock that applies is ever overdue. */
export function readClock(clock: ClockFacts, nowMs: number): ClockReading {
  switch (clock.state) {
    case 'not-applicable':
      return { kind: 'not-applicable' };
    case 'stopped':
      return { kind: 'stopped' };
    case 'met':
      return { kind: 'met', marginSeconds: clock.marginSeconds ?? 0 };
    case 'pending':
      return { kind: 'pending' };
    case 'missed':
      if (!clock.overdue) return { kind: 'missed', seconds: clock.missedBySeconds ?? 0 };
      break;
    case 'running':
      break;
  }
  if (clock.deadline === null) return { kind: 'pending' };
  const left = (Date.parse(clock.deadline) - nowMs) / 1000;
  return left >= 0 ? { kind: 'running', seconds: left } : { kind: 'overdue', seconds: -left };
}

/** Elapsed seconds since `since` (RFC 3339) at `nowMs`. */
export function elapsedSince(since: string, nowMs: number): number {
  return Math.max(0, (nowMs - Date.parse(since)) / 1000);
}

/** An expected duration: "15 min", "1 h 30 min", "45 s" (no zero parts). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s % 60 ? `${s % 60} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}
