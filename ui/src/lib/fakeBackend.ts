// For tests: a backend whose every command refuses, except those a test supplies.
import type { Backend } from './backend';
import { commands, type ApiError } from './ipc/generated';

/** A command's refusal as the window sees it: Tauri's `invoke` rejects with the plain
 * `{code, message}` object that crossed the IPC boundary, not with an `Error`. */
export function rejectWith(error: ApiError): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the IPC rejects with ApiError, not Error (see above)
  return Promise.reject(error);
}

/** A backend for tests: commands not in `over` reject with "not in this test". */
export function fakeBackend(over: Partial<Backend>): Backend {
  const refuse = commands(() => rejectWith({ code: 'failed', message: 'not in this test' }));
  return { ...refuse, ...over };
}
