// For component tests: a backend whose every command refuses, except those a test supplies.
import type { Backend } from './backend';
import { commands } from './ipc/generated';

export function fakeBackend(over: Partial<Backend> = {}): Backend {
  const refuse = <T,>(): Promise<T> => Promise.reject({ code: 'failed', message: 'not in this test' });
  return { ...commands(refuse), ...over };
}
