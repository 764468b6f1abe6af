// Regenerates src-main/contract/method-access.ts, the contract's method table without its schemas:
// each method's permission and whether it changes the lab. The console's first screen needs that
// table (which buttons the role may use, what a read-only view refuses) but not the zod schemas,
// whose construction was about 80 ms of the renderer's start-up (issue 18). A unit test
// (test/unit/method-access.test.ts) fails when the file and methods.ts disagree.
//   node --import tsx scripts/make-method-access.mts
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import prettier from 'prettier';
import { methods } from '../src-main/contract/methods.ts';

const rows = Object.entries(methods).map(
  ([name, def]) => `  ${JSON.stringify(name)}: { permission: ${JSON.stringify(def.permission)}, mutates: ${def.mutates} },`,
);
const text = `// Generated from methods.ts by scripts/make-method-access.mts: do not edit, run the script.
// The method table without its schemas, for code that must not build them (the renderer's first
// screen: issue 18). test/unit/method-access.test.ts holds it to methods.ts.
import type { MethodName } from './methods.ts';
import type { Permission } from './roles.ts';

/** What each method needs of the caller's role, and whether it changes the lab (methods.ts). */
export interface MethodAccess {
  readonly permission: Permission;
  readonly mutates: boolean;
}

export const METHOD_ACCESS: Readonly<Record<MethodName, MethodAccess>> = {
${rows.join('\n')}
};
`;
const file = resolve(import.meta.dirname, '../src-main/contract/method-access.ts');
const options = (await prettier.resolveConfig(file)) ?? {};
writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
console.log(`${file}: ${rows.length} methods`);
