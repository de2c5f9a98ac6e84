import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { frozenPrototype } from './build/frozen-prototype.ts';

// Everything the window shows is bundled into dist/: no CDN, no remote fonts.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), frozenPrototype()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: false, assetsInlineLimit: 0 },
  // Svelte's browser build under Vitest (mode "test"), so components mount in jsdom.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
}));
