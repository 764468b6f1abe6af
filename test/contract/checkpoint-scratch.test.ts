import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLabFile, labRefs, sweepScratch } from '../../src-main/store/checkpoint-files.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// The scratch copy a restore, an import or a scenario check reads a lab file into
// (store/checkpoint-files.ts) is unique per call: two restores in one process never share it (one
// awaits the simulation while the other starts), a sweep leaves the ones in use, and a refused file
// leaves nothing behind.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});

const folderOf = (l: TempLab) => join(l.dir, 'checkpoints');
const scratch = (l: TempLab) => readdirSync(folderOf(l)).filter((f) => f.startsWith('restore-'));

async function twoCheckpoints() {
  const l = tempLab('small', 1);
  labs.push(l);
  const c = l.client;
  await c.call('clock-step', { seconds: 600 });
  const a = await c.call('checkpoint-save', { name: 'A' });
  await c.call('clock-step', { seconds: 1800 });
  const b = await c.call('checkpoint-save', { name: 'B' });
  const files = readdirSync(folderOf(l)).filter((f) => /^ckpt-.*\.sqlite$/.test(f));
  return { l, c, a, b, files };
}

describe('restore scratch copies', () => {
  it('two checks in one process read into two files: the first copy is neither overwritten nor swept by the second', async () => {
    const { l, a, b, files } = await twoCheckpoints();
    expect(files.length).toBe(2);
    const folder = folderOf(l);
    const byTime = new Map<string, string>();
    const checks = files.map((f) => checkLabFile(join(folder, f), folder));
    try {
      const [x, y] = checks as [ReturnType<typeof checkLabFile>, ReturnType<typeof checkLabFile>];
      expect(x.path).not.toBe(y.path);
      expect(existsSync(x.path)).toBe(true); // the second check's sweep left the first one's copy
      expect(existsSync(y.path)).toBe(true);
      for (const ck of checks) byTime.set(ck.simTime, ck.path);
      expect(new Set(byTime.keys())).toEqual(new Set([a.simTime, b.simTime]));
      // Each copy still holds its own checkpoint (readable, its own time).
      expect(labRefs(x.path).desktops.length).toBeGreaterThan(0);
      // The name: pid, thread, counter, random.
      for (const ck of checks) expect(ck.path).toMatch(new RegExp(`restore-${process.pid}-\\d+-\\d+-[0-9a-f]{8}\\.sqlite$`));
      // A sweep (a save, an import, the next check) keeps the copies in use and removes a dead process's.
      writeFileSync(join(folder, 'restore-424242.sqlite'), 'left by a killed restore');
      writeFileSync(join(folder, 'restore-424242-1-3-deadbeef.sqlite.source'), 'left by a killed restore');
      sweepScratch(folder);
      expect(scratch(l).sort()).toEqual(checks.map((ck) => ck.path.split('/').pop()).sort());
    } finally {
      for (const ck of checks) ck.dispose();
    }
    expect(scratch(l)).toEqual([]);
  });

  it('two restores started together through the dispatcher each restore their own checkpoint and leave no scratch file', async () => {
    const { l, c, a, b } = await twoCheckpoints();
    const [ra, rb] = await Promise.all([c.call('checkpoint-restore', { id: a.id, confirm: true }), c.call('checkpoint-restore', { id: b.id, confirm: true })]);
    expect(ra.simTime).toBe(a.simTime);
    expect(rb.simTime).toBe(b.simTime);
    // The lab is at one of them (whichever ran last), with that restore's own audit record (the other's went with its timeline).
    const clock = await c.call('clock-get', {});
    const last = clock.simTime === a.simTime ? 'A' : clock.simTime === b.simTime ? 'B' : null;
    expect(last).not.toBeNull();
    const ev = (await c.call('event-list', { objectKind: 'lab', limit: 10 })).rows.map((e) => e.message).join('\n');
    expect(ev).toMatch(new RegExp(`restored from checkpoint "${last}"`));
    expect(scratch(l)).toEqual([]);
  });

  it('a refused file leaves no scratch copy (nor its source copy)', async () => {
    const { l } = await twoCheckpoints();
    const folder = folderOf(l);
    const bad = join(folder, 'not-a-lab.sqlite');
    writeFileSync(bad, 'SQLite format 3\0 but not really');
    expect(() => checkLabFile(bad, folder)).toThrow(/damaged|not a lab|checkpoint/i);
    expect(scratch(l)).toEqual([]);
  });
});
