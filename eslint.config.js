import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Lint for correctness, not taste: recommended rules plus the purity rule of src/core. */
export default tseslint.config(
  // assembly/ is AssemblyScript (its @inline decorators on functions are not TypeScript): asc checks it.
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'assets/demo/**', 'test-results/**', 'assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build scripts, the CLI, Electron main and tests run under Node.
    files: ['scripts/**', 'electron/**', 'src/cli/**', 'tests/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs', '**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // src/core is pure: it runs in the renderer, the workers, the main process and the CLI alike.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'src/core must not import Node modules.' },
          { group: ['electron', 'react', 'react-dom', '@cornerstonejs/*'], message: 'src/core must stay pure.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
);
