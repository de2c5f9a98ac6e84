import { describe, expect, it, vi } from 'vitest';
import type { SignalName } from './backend';
import { fakeBackend } from './fakeBackend';
import { connectSignals, createSignal, journalChanged, teamStatusChanged } from './signals.svelte';

describe('signals', () => {
  it('counts notifications and calls listeners until they unsubscribe', () => {
    const s = createSignal();
    const seen = vi.fn();
    const stop = s.subscribe(seen);
    s.notify();
    s.notify();
    expect(s.version).toBe(2);
    expect(seen).toHaveBeenCalledTimes(2);
    stop();
    s.notify();
    expect(seen).toHaveBeenCalledTimes(2);
    expect(s.version).toBe(3);
  });

  it("connects the backend's signals to the stores, and disconnects them", async () => {
    const handlers = new Map<SignalName, () => void>();
    const unlisten = vi.fn();
    const backend = fakeBackend({
      onSignal: (name, listener) => {
        handlers.set(name, listener);
        return Promise.resolve(unlisten);
      },
    });
    const disconnect = connectSignals(backend);
    await Promise.resolve();
    const journal = vi.fn();
    const team = vi.fn();
    const stops = [journalChanged.subscribe(journal), teamStatusChanged.subscribe(team)];
    handlers.get('journal-changed')?.();
    expect(journal).toHaveBeenCalledTimes(1);
    expect(team).not.toHaveBeenCalled();
    handlers.get('team-status-changed')?.();
    expect(team).toHaveBeenCalledTimes(1);
    disconnect();
    expect(unlisten).toHaveBeenCalledTimes(2);
    stops.forEach((s) => s());
  });

  it('connects nothing on a backend without signals', () => {
    expect(() => connectSignals(fakeBackend({}))()).not.toThrow();
  });
});
