// The backend reaches every screen and panel through Svelte's context, not through props:
// main.ts mounts App.svelte with it (a test renders its host the same way), and whatever needs
// it asks for it with getBackend().
import { getContext } from 'svelte';
import type { Backend } from './backend';

const key = Symbol('backend');

/** The context to mount a component tree with (`mount`'s or `render`'s `context` option) so
 * that everything in it uses `backend`. The backend is the window's for its whole life. */
export function backendContext(backend: Backend): Map<symbol, Backend> {
  return new Map([[key, backend]]);
}

/** The backend the tree was mounted with. Call during component setup. */
export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(key);
  if (!backend) throw new Error('no backend: mount the component with backendContext(backend)');
  return backend;
}
