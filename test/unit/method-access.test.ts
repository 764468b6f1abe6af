import { describe, expect, it } from 'vitest';
import { METHOD_ACCESS } from '../../src-main/contract/method-access.ts';
import { METHOD_NAMES, methods } from '../../src-main/contract/methods.ts';

// method-access.ts is generated from methods.ts (scripts/make-method-access.mts) so the renderer's
// first screen can know permissions without building the zod schemas. It must say what methods.ts says.
describe('METHOD_ACCESS', () => {
  it('names exactly the contract methods, in the same order', () => {
    expect(Object.keys(METHOD_ACCESS)).toEqual(METHOD_NAMES);
  });

  it('gives each method the permission and mutates of its definition (regenerate: node --import tsx scripts/make-method-access.mts)', () => {
    const drift = METHOD_NAMES.filter((name) => {
      const a = METHOD_ACCESS[name];
      const d = methods[name];
      return a.permission !== d.permission || a.mutates !== d.mutates;
    });
    expect(drift).toEqual([]);
  });
});
