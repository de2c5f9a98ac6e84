import type { ApiError, Commands } from './ipc/generated';

/** The system's file dialogs, where the host has them (the window does; tests may not). */
export type FileDialogs = {
  /** Lets the user choose a file to open; null when cancelled. */
  pickFile?: () => Promise<string | null>;
  /** Lets the user choose where to save `defaultName`; null when cancelled. */
  pickSavePath?: (defaultName: string) => Promise<string | null>;
  /** Lets the user choose a folder; null when cancelled. */
  pickFolder?: () => Promise<string | null>;
};

/** What the core tells the window by itself (src/lib/signals.svelte.ts). */
export type SignalName = 'journal-changed' | 'team-status-changed';

/** The core's own signals, where the host has them (the window does; tests may not). */
export type Signals = {
  /** Calls `listener` whenever the core sends `name`; resolves to the unsubscribe. */
  onSignal?: (name: SignalName, listener: () => void) => Promise<() => void>;
};

/** What the UI asks of the core: every command, typed from Rust, the file dialogs and the
 * core's signals. */
export type Backend = Commands & FileDialogs & Signals;

/** The error shape that crosses the IPC boundary, whatever was thrown. */
export function toApiError(thrown: unknown): ApiError {
  if (typeof thrown === 'object' && thrown !== null && 'code' in thrown && 'message' in thrown) {
    const { code, message } = thrown;
    if (typeof code === 'string' && typeof message === 'string') {
      return { code: code as ApiError['code'], message };
    }
  }
  if (thrown instanceof Error) return { code: 'failed', message: thrown.message };
  return { code: 'failed', message: String(thrown) };
}
