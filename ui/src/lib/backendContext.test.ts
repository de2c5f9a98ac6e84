import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ScreenHost from '../screens/ScreenHost.test.svelte';
import BackendProbe from './BackendProbe.test.svelte';
import { backendContext } from './backendContext';
import { fakeBackend } from './fakeBackend';

afterEach(cleanup);

describe('backend context', () => {
  it('gives a component the backend the tree was mounted with', () => {
    const backend = fakeBackend({ pickFile: () => Promise.resolve(null) });
    render(ScreenHost, {
      props: { screen: BackendProbe, client: new QueryClient() },
      context: backendContext(backend),
    });
    expect(screen.getByTestId('probe').textContent).toBe('has a file dialog');
  });

  it('says what is missing when the tree was mounted without one', () => {
    expect(() => render(BackendProbe)).toThrow(/no backend/);
  });
});
