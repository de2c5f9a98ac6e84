// ESLint for the UI (`npm run lint`, no warnings allowed): JavaScript's recommended rules,
// typescript-eslint's type-checked ones (floating promises, unsafe `any`) and Svelte's.
// Formatting is Prettier's job (`npm run format:check`), so no style rules here.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  // Built output, installed packages, and the IPC types generated from Rust (crates/api).
  { ignores: ['dist/', 'node_modules/', 'src/lib/ipc/generated.ts'] },
  js.configs.recommended,
  ts.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        // tsconfig.json's project; the two config files at the root are outside it.
        projectService: { allowDefaultProject: ['eslint.config.js', 'svelte.config.js'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    rules: {
      // A leading underscore names a parameter kept for its type (a typed `vi.fn`, a callback).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
  },
);
