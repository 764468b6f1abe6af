import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/ARCHITECTURE.md live in eslint.config.js; these cases
// prove they bite, so a wrong import really fails `npm test`.
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it.each([
    ['src-main/core/x.ts', "import { openDatabase } from '../store/db.ts'; export const a = openDatabase;"],
    ['src-main/core/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;"],
    ['src-main/contract/x.ts', "import { Prng } from '../core/prng.ts'; export const a = Prng;"],
    ['src-main/store/x.ts', "import { handlers } from '../app/handlers/index.ts'; export const a = handlers;"],
    ['src-main/host/x.ts', "import { app } from 'electron'; export const a = app;"],
    ['src-renderer/x.ts', "import { openHost } from '../src-main/host/host.ts'; export const a = openHost;"],
    ['src-renderer/x.ts', "import { Engine } from '../src-main/core/engine/engine.ts'; export const a = Engine;"],
    ['src-main/shared/x.ts', "import { Engine } from '../core/engine/engine.ts'; export const a = Engine;"],
    ['src-main/shared/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;"],
    ['src-main/contract/x.ts', "import { findCpu } from '../shared/capacity/cpu-index.ts'; export const a = findCpu;"],
    ['src-main/app/x.ts', "import { get } from '../store/stmt.ts'; export const a = get;"],
    ['src-main/app/handlers/x.ts', "import { all } from '../../store/stmt.ts'; export const a = all;"],
    ['src-main/app/x.ts', "import Database from 'better-sqlite3'; export const a = Database;"],
  ])('%s may not import that', async (file, code) => {
    expect(await errors(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src-renderer/features/images/x.tsx', "import { Field } from '../pools/wizard/steps-a.tsx'; export const a = Field;"],
    ['src-renderer/shell/x.tsx', "import { PoolsView } from '../features/pools/PoolsView.tsx'; export const a = PoolsView;"],
    ['src-renderer/features/helpdesk/x.ts', "export { formatLogon } from '../sessions/session-format.ts';"],
  ])('%s may reach another feature only through its index.ts', async (file, code) => {
    expect(await errors(file, code)).toContain('feature-walls/public-face-only');
  });

  it.each([
    ['src-renderer/features/images/x.tsx', "import { PoolsView } from '../pools/index.ts'; export const a = PoolsView;"],
    ['src-renderer/features/capacity/wizard/x.ts', "import { validateDefinition } from '../model/validate.ts'; export const a = validateDefinition;"],
  ])('%s may import that (a public face, or inside its own feature)', async (file, code) => {
    expect(await errors(file, code)).toEqual([]);
  });

  it('app/ runs no SQL of its own: prepare and pragma on a connection are refused', async () => {
    const code = "import type { Db } from '../store/db.ts'; export const a = (db: Db) => [db.prepare('SELECT 1').get(), db.pragma('user_version')];";
    expect((await errors('src-main/app/x.ts', code)).filter((r) => r === 'no-restricted-syntax')).toHaveLength(2);
    // The store's own modules do it.
    expect(await errors('src-main/store/x.ts', code.replace('../store/db.ts', './db.ts'))).toEqual([]);
  });

  const engineHead = "import type { Engine } from '../../core/engine/engine.ts';\nimport { engineView } from '../../core/engine/engine-view.ts';\n";

  it.each([
    ['its state', 'export const a = (e: Engine, h: number) => e.st.hOn[h];'],
    ["a part's array, through an alias", 'export const a = (e: Engine, h: number) => { const c = e.cluster; return c.hMaint[h]; };'],
    ["a write to a part's array", 'export const a = (e: Engine, d: number) => { e.cluster.dPriority[d] = 3; };'],
    ['an array destructured', 'export const a = (e: Engine) => { const { hName } = e.cluster; return hName; };'],
    ['its index space', 'export const a = (e: Engine, id: string) => e.ids().desktops.indexOf(id);'],
    ['its clusters', 'export const a = (e: Engine, c: number) => e.cluster.clusters[c]?.name;'],
  ])("a handler may not read the engine's arrays: %s", async (_what, code) => {
    expect(await errors('src-main/app/handlers/x.ts', engineHead + code)).toContain('no-restricted-syntax');
    // The read models outside handlers/ sweep the arrays themselves, by design (docs/ARCHITECTURE.md).
    expect(await errors('src-main/app/x.ts', engineHead.replaceAll('../../', '../') + code)).toEqual([]);
  });

  it('a handler asks the engine through EngineView (and methods of its parts)', async () => {
    const code =
      'export const a = (e: Engine, input: { ids: string[] }, d: number, h: number) => {\n' +
      '  const v = engineView(e);\n' +
      "  return [v.hostOn(h), v.hostName(h), v.desktopIndex(input.ids[0] ?? ''), input.ids.indexOf('x'), e.cluster.dName(d), e.cluster.mig.isQueued(d), e.t];\n" +
      '};';
    expect(await errors('src-main/app/handlers/x.ts', engineHead + code)).toEqual([]);
  });

  it('core/ may not read the wall clock or Math.random', async () => {
    const found = await errors('src-main/core/x.ts', 'export const a = [Date.now(), Math.random(), new Date()];');
    expect(found.filter((r) => r === 'no-restricted-properties')).toHaveLength(2);
    expect(found).toContain('no-restricted-syntax');
  });

  it.each([
    ['src-main/core/x.ts', "import type { Pool } from '../contract/entities.ts'; export type A = Pool;"],
    ['src-main/host/x.ts', "import { openDatabase } from '../store/db.ts'; export const a = openDatabase;"],
    ['src-main/app/x.ts', "import { getPool } from '../store/pools.ts'; export const a = getPool;"],
    ['src-main/electron/x.ts', "import { app } from 'electron'; export const a = app;"],
    ['src-renderer/x.ts', "import type { Pool } from '../src-main/contract/entities.ts'; export type A = Pool;"],
    ['src-renderer/x.ts', "import { findCpu } from '../src-main/shared/capacity/cpu-index.ts'; export const a = findCpu;"],
    ['src-main/core/x.ts', "import { findCpu } from '../shared/capacity/cpu-index.ts'; export const a = findCpu;"],
    ['src-main/shared/x.ts', "import type { CapacityDefinition } from '../contract/capacity-entities.ts'; export type A = CapacityDefinition;"],
  ])('%s may import that', async (file, code) => {
    expect(await errors(file, code)).toEqual([]);
  });
});
