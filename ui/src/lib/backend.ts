import type { ApiError, Commands } from './ipc/generated';

/** What the UI asks of the core: every command, typed from Rust. */
export type Backend = Commands;

/** The error shape that crosses the IPC boundary, whatever was thrown. */
export function toApiError(thrown: unknown): ApiError {
  if (typeof thrown === 'object' && thrown !== null && 'code' in thrown && 'message' in thrown) {
    const { code, message } = thrown as { code: unknown; message: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      return { code: code as ApiError['code'], message };
    }
  }
  if (thrown instanceof Error) return { code: 'failed', message: thrown.message };
  return { code: 'failed', message: String(thrown) };
}
