// Lint = the layer rules of docs/ARCHITECTURE.md, plus a few correctness rules.
// A wrong import fails `npm test`.
import { dirname, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
  },
});

/**
 * Walls between renderer features (VS Code's code-no-deep-import-of-internal): a file may import
 * anything inside its own feature, but from another feature only that feature's `index.ts`, its
 * public face. Import paths are resolved against the importing file, so `../model/x.ts` inside a
 * feature is fine and `../pools/wizard/fields.tsx` from images/ is not.
 */
const FEATURES_DIR = resolve('src-renderer/features');
const featureOf = (file) => {
  const rel = relative(FEATURES_DIR, file);
  return rel.startsWith('..') || rel === '' ? null : rel.split(sep)[0];
};
const featureWalls = {
  rules: {
    'public-face-only': {
      meta: { type: 'problem', messages: { deep: "{{target}} is internal to the '{{feature}}' feature: import its index.ts instead." } },
      create(context) {
        const from = context.filename;
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const target = resolve(dirname(from), spec);
          const feature = featureOf(target);
          if (!feature || feature === featureOf(from)) return;
          const inside = relative(resolve(FEATURES_DIR, feature), target);
          if (inside === 'index.ts' || inside === 'index') return;
          context.report({ node: node.source, messageId: 'deep', data: { target: spec, feature } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto'];

const NO_APP_SQL = {
  selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
  message: 'SQL lives in store/<domain>.ts: add a function there and call it.',
};

/**
 * Handlers ask the engine through EngineView (issue 12), never its arrays: its state (`e.st`), a
 * part's per-host / per-desktop / per-user / per-datastore / per-pool array (`hFail`, `dMig`, `uPools`:
 * read, indexed or destructured; calling a method so named, `dName(d)`, is asking), its index space
 * (`st.ids.hosts`, `e.ids().desktops`) and its clusters (`cluster.clusters`, `x.clusters[i]`).
 */
const ASK_THE_VIEW =
  'Handlers ask the engine through EngineView (engineView(e), core/engine/engine-view.ts), not its arrays: add a method there for a new question.';
const ENGINE_ARRAYS = [
  "MemberExpression[property.name='st']",
  'MemberExpression[property.name=/^[hdusp][A-Z]/]:not(CallExpression > .callee)',
  'VariableDeclarator > ObjectPattern > Property[key.name=/^(st|ids|clusters|[hdusp][A-Z].*)$/]',
  "MemberExpression[object.property.name='ids'][property.name=/^(desktops|hosts|datastores|pools|users|versions)$/]",
  "MemberExpression[object.type='CallExpression'][object.callee.property.name='ids']",
  "MemberExpression[property.name='clusters'][object.property.name='cluster']",
  "MemberExpression[computed=true][object.property.name='clusters']",
].map((selector) => ({ selector, message: ASK_THE_VIEW }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'tmp-dbg/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
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
  {
    // app/ orchestrates; SQL lives in store/<domain>.ts (issue 12): app code asks the store by intent, never the database.
    files: ['src-main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...['**/host/**', '**/electron/**', 'electron'].map((g) => ({ group: [g], message: 'app/ may import core/, store/ and contract/ only.' })),
            { group: ['**/store/stmt*', 'better-sqlite3'], message: 'SQL lives in store/<domain>.ts: add a function there and call it.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', NO_APP_SQL],
    },
  },
  // (A later block's no-restricted-syntax replaces the earlier one's: the handlers' list repeats app/'s.)
  { files: ['src-main/app/handlers/**'], rules: { 'no-restricted-syntax': ['error', NO_APP_SQL, ...ENGINE_ARRAYS] } },
  layer(['src-main/host/**'], ['**/electron/**', 'electron'], 'host/ never imports Electron: it also runs in plain Node and in tests.'),
  layer(
    ['src-renderer/**'],
    ['**/core/**', '**/store/**', '**/app/**', '**/host/**', '**/electron/**', 'electron', 'better-sqlite3', ...NODE_BUILTINS],
    'The renderer may import src-main/contract (types and schemas) and src-main/shared (pure arithmetic) only.',
  ),
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    plugins: { 'feature-walls': featureWalls },
    rules: { 'feature-walls/public-face-only': 'error' },
  },
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
