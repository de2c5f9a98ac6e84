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

/** What the UI asks of the core: every command, typed from Rust, and the file dialogs. */
export type Backend = Commands & FileDialogs;

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
