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
  | { kind: 'waiting' }
  | { kind: 'met'; inTime: boolean }
  | { kind: 'running'; seconds: number }
  | { kind: 'overdue'; seconds: number };

/** Reads a clock at `nowMs`: a met clock stays met; otherwise the deadline decides. */
export function readClock(
  clock: { state: ClockStateName; deadline: string | null; inTime: boolean | null },
  nowMs: number,
): ClockReading {
  if (clock.state === 'met') return { kind: 'met', inTime: clock.inTime ?? true };
  if (clock.deadline === null) return { kind: 'waiting' };
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
