// For tests: a backend whose every command refuses, except those a test supplies.
import type { Backend } from './backend';
import { commands } from './ipc/generated';

/** A backend for tests: commands not in `over` reject with "not in this test". */
export function fakeBackend(over: Partial<Backend>): Backend {
  const refuse = commands(() => Promise.reject({ code: 'failed', message: 'not in this test' }));
  return { ...refuse, ...over };
}
