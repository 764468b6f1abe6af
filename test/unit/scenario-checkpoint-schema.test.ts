import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../src-main/contract/scenario-schema.ts';
import { BUILT_IN_SCENARIOS } from '../../src-main/app/scenarios/builtin.ts';
import { builtInScenarioDir, fileSha256, resolveCheckpointFile } from '../../src-main/app/scenarios/checkpoint-source.ts';
import { checkScenarioFile } from '../../src-main/app/scenarios/check.ts';
import { LabError } from '../../src-main/contract/errors.ts';
import raw from '../../resources/scenarios/snapshot-chains.json' with { type: 'json' };

// Issue 17, part 2: the starting-lab variant { checkpointFile } of the scenario format.

const withLab = (lab: unknown) => ({ ...raw, lab });

describe('lab.checkpointFile', () => {
  it('accepts a relative path with its digest and a warm-up (default 0)', () => {
    const p = scenarioSchema.parse(withLab({ checkpointFile: 'checkpoints/a.vdilab' }));
    expect(p.lab).toEqual({ checkpointFile: 'checkpoints/a.vdilab', warmupSec: 0 });
    const q = scenarioSchema.parse(withLab({ checkpointFile: 'a.sqlite', sha256: 'a'.repeat(64), warmupSec: 600 }));
    expect(q.lab).toEqual({ checkpointFile: 'a.sqlite', sha256: 'a'.repeat(64), warmupSec: 600 });
  });

  it.each([
    ['../a.vdilab', /inside the scenario's folder/],
    ['checkpoints/../../a.vdilab', /inside the scenario's folder/],
    ['./a.vdilab', /inside the scenario's folder/],
    ['a//b.vdilab', /inside the scenario's folder/],
    ['/etc/a.vdilab', /relative/],
    ['C:/labs/a.vdilab', /relative/],
    ['checkpoints\\a.vdilab', /relative/],
    ['a.json', /\.vdilab or \.sqlite/],
    ['', /.+/],
  ])('refuses %s', (path, msg) => {
    const r = scenarioSchema.safeParse(withLab({ checkpointFile: path }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.slice(0, 2)).toEqual(['lab', 'checkpointFile']);
    expect(r.error?.issues.map((i) => i.message).join(' ')).toMatch(msg);
  });

  it('refuses a bad digest, an unknown key, and a profile mixed with a checkpoint', () => {
    expect(scenarioSchema.safeParse(withLab({ checkpointFile: 'a.vdilab', sha256: 'XYZ' })).success).toBe(false);
    expect(scenarioSchema.safeParse(withLab({ checkpointFile: 'a.vdilab', checkpoint: 'ckpt-1' })).success).toBe(false);
    expect(scenarioSchema.safeParse(withLab({ checkpointFile: 'a.vdilab', profile: 'small', seed: 1 })).success).toBe(false);
  });

  it.each([
    ['missing', undefined, /is required: \{ profile, seed \}.*\{ checkpointFile, sha256 \}/],
    ['not an object', 'small', /must be an object/],
    ['an unknown profile', { profile: 'huge', seed: 1 }, /a built-in lab.*profile: /],
    ['a seed given as text', { profile: 'small', seed: '1' }, /a built-in lab.*seed: /],
    ['no seed', { profile: 'small' }, /a built-in lab.*seed: /],
    ['a profile beside a checkpoint file', { checkpointFile: 'a.vdilab', profile: 'small', seed: 1 }, /a lab file: /],
  ])('says which lab shape and what is wrong when the lab is %s (not "Invalid input")', (_label, lab, msg) => {
    const r = scenarioSchema.safeParse(lab === undefined ? (({ lab: _, ...rest }) => rest)(raw) : withLab(lab));
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path[0] === 'lab');
    expect(issue?.message).toMatch(msg);
    expect(issue?.message).not.toBe('Invalid input');
  });

  it('every built-in that starts from a checkpoint ships the file with its digest, and checks valid against its lab', () => {
    const from = BUILT_IN_SCENARIOS.filter((s) => 'checkpointFile' in s.lab);
    expect(from.map((s) => s.id)).toContain('snapshot-chains');
    for (const s of from) {
      if (!('checkpointFile' in s.lab)) continue;
      expect(s.lab.sha256, s.id).toBeDefined();
      const file = resolveCheckpointFile(s.lab.checkpointFile, builtInScenarioDir(), s.lab.sha256);
      expect(file.startsWith(join(builtInScenarioDir(), ''))).toBe(true);
      expect(fileSha256(file)).toBe(s.lab.sha256);
      expect(checkScenarioFile(s, builtInScenarioDir())).toMatchObject({ valid: true, errors: [] });
    }
  });

  it('the resolver refuses a missing file and a digest that does not match, with the path of the field', () => {
    const miss = (() => {
      try {
        resolveCheckpointFile('checkpoints/none.vdilab', builtInScenarioDir());
      } catch (e) {
        return e as LabError;
      }
      return null;
    })();
    expect(miss).toBeInstanceOf(LabError);
    expect(miss?.toApiError()).toMatchObject({ code: 'not-found', path: ['scenario', 'lab', 'checkpointFile'] });
    expect(() => resolveCheckpointFile('checkpoints/snapshot-chains.vdilab', builtInScenarioDir(), '0'.repeat(64))).toThrow(
      /not the file the scenario was written for/,
    );
  });
});
