import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import { layers } from './eslint.layers.js';

export default defineConfig(
  { ignores: ['dist/', 'release/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  // Not the type-checked set: on the whole repo it took 18 s and 1 GB against 5 s without types, on
  // machines shared by several engineers; `npm run typecheck` already runs tsc and svelte-check.
  ts.configs.recommended,
  svelte.configs.recommended,
  prettier,
  svelte.configs.prettier,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: ts.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig: { compilerOptions: { runes: true } },
      },
    },
  },
  {
    rules: {
      // `_name` marks a parameter an interface requires but this implementation ignores; `{ [id]: _, ...rest }` drops a key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Playwright fixtures that depend on no other fixture take `async ({}, use)`, its documented form.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  { ignores: ['renderer/src/**', 'electron/common/**'], languageOptions: { globals: globals.node } },
  { files: ['renderer/src/**'], languageOptions: { globals: globals.browser } },
  layers,
);
