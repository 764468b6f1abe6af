// Lint = the layer rules of docs/ARCHITECTURE.md, plus a few correctness rules.
// A wrong import fails `npm test`.
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
  },
});

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-debugger': 'error',
    },
  },
  layer(
    ['src-main/contract/**'],
    ['**/core/**', '**/shared/**', '**/store/**', '**/app/**', '**/host/**', '**/electron/**', 'electron', 'better-sqlite3', 'react', ...NODE_BUILTINS],
    'contract/ runs anywhere and imports nothing of ours but itself (zod only).',
  ),
  layer(
    ['src-main/shared/**'],
    ['**/core/**', '**/store/**', '**/app/**', '**/host/**', '**/electron/**', 'electron', 'better-sqlite3', 'react', ...NODE_BUILTINS],
    'shared/ is pure arithmetic both sides import (main and the renderer): it may import contract/ only.',
  ),
  layer(
    ['src-main/core/**'],
    ['**/store/**', '**/app/**', '**/host/**', '**/electron/**', 'electron', 'better-sqlite3', ...NODE_BUILTINS],
    'core/ is pure and deterministic: it may import contract/ and shared/ only.',
  ),
  layer(['src-main/store/**'], ['**/app/**', '**/host/**', '**/electron/**', 'electron'], 'store/ may import core/ and contract/ only.'),
  layer(['src-main/app/**'], ['**/host/**', '**/electron/**', 'electron'], 'app/ may import core/, store/ and contract/ only.'),
  layer(['src-main/host/**'], ['**/electron/**', 'electron'], 'host/ never imports Electron: it also runs in plain Node and in tests.'),
  layer(
    ['src-renderer/**'],
    ['**/core/**', '**/store/**', '**/app/**', '**/host/**', '**/electron/**', 'electron', 'better-sqlite3', ...NODE_BUILTINS],
    'The renderer may import src-main/contract (types and schemas) and src-main/shared (pure arithmetic) only.',
  ),
  {
    // core/ is deterministic: simulated clock and seeded PRNG only.
    files: ['src-main/core/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core/ uses the seeded PRNG (core/prng.ts).' },
        { object: 'Date', property: 'now', message: 'core/ uses the simulated clock.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ uses the simulated clock.' }],
    },
  },
);
