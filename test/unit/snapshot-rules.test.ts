import { describe, expect, it } from 'vitest';
import { MACHINE_STATES, type MachineState, type PowerState } from '../../src-main/contract/entities.ts';
import { chainReadIops, deltaGrowthGb, mergeFreesGb, mergeSeconds, revertSeconds, SNAPSHOT_COST, takeSeconds } from '../../src-main/core/snapshots/cost.ts';
import { chainWarnings, judgeChange, judgeTake, revertOutcome, SNAPSHOT_RULES } from '../../src-main/core/snapshots/rules.ts';

// The snapshot decision table of core/snapshots/rules.ts, row by row, and the cost formulas.

const take = (state: MachineState, power: PowerState, includeMemory: boolean, quiesce: boolean, chainDepth = 0) =>
  judgeTake({ state, power, includeMemory, quiesce, chainDepth });

describe('taking a snapshot', () => {
  it.each(['PROVISIONING', 'CUSTOMIZING', 'WAIT_FOR_AGENT', 'DELETING'] as const)('is refused while the desktop is %s, whatever the options', (state) => {
    for (const mem of [true, false])
      for (const q of [true, false])
        for (const p of ['poweredOn', 'poweredOff'] as const) {
          const v = take(state, p, mem, q);
          expect(v.ok).toBe(false);
          if (!v.ok) expect(v.field).toBe('desktopId');
        }
  });

  it('of a running desktop: memory → ok with memory; disk only needs quiesce', () => {
    expect(take('AVAILABLE', 'poweredOn', true, false)).toEqual({ ok: true, storesMemory: true });
    expect(take('CONNECTED', 'poweredOn', false, true)).toEqual({ ok: true, storesMemory: false });
    const v = take('CONNECTED', 'poweredOn', false, false);
    expect(v).toMatchObject({ ok: false, field: 'quiesce' });
    if (!v.ok) expect(v.reason).toMatch(/crash-consistent/);
  });

  it('quiescing needs VMware Tools: refused on an unreachable or failed guest, memory works instead', () => {
    for (const s of ['AGENT_UNREACHABLE', 'ERROR'] as const) {
      expect(take(s, 'poweredOn', false, true)).toMatchObject({ ok: false, field: 'quiesce' });
      expect(take(s, 'poweredOn', true, false)).toEqual({ ok: true, storesMemory: true });
    }
  });

  it('of a powered-off desktop: always ok, never with memory (there is none)', () => {
    for (const mem of [true, false]) for (const q of [true, false]) expect(take('AVAILABLE', 'poweredOff', mem, q)).toEqual({ ok: true, storesMemory: false });
  });

  it('of a suspended desktop keeps the suspended state when memory is asked for', () => {
    expect(take('AVAILABLE', 'suspended', true, false)).toEqual({ ok: true, storesMemory: true });
    expect(take('AVAILABLE', 'suspended', false, false)).toEqual({ ok: true, storesMemory: false });
  });

  it(`stops at vSphere's chain limit of ${SNAPSHOT_RULES.maxChainDepth}`, () => {
    expect(take('AVAILABLE', 'poweredOff', false, false, SNAPSHOT_RULES.maxChainDepth - 1).ok).toBe(true);
    expect(take('AVAILABLE', 'poweredOff', false, false, SNAPSHOT_RULES.maxChainDepth)).toMatchObject({ ok: false, field: 'desktopId' });
  });

  it('every machine state has an answer (no state falls through the table)', () => {
    for (const s of MACHINE_STATES) expect(typeof take(s, 'poweredOn', true, false).ok).toBe('boolean');
  });
});

describe('reverting', () => {
  it('without memory powers the desktop off (a broken guest stays broken on disk)', () => {
    expect(revertOutcome({ includeMemory: false, powerState: 'poweredOn', machineState: 'CONNECTED' })).toEqual({ power: 'poweredOff', state: 'AVAILABLE' });
    expect(revertOutcome({ includeMemory: false, powerState: 'poweredOn', machineState: 'AGENT_UNREACHABLE' })).toEqual({
      power: 'poweredOff',
      state: 'AGENT_UNREACHABLE',
    });
  });
  it('with memory resumes as it was, without the sessions the broker ended', () => {
    expect(revertOutcome({ includeMemory: true, powerState: 'poweredOn', machineState: 'AVAILABLE' })).toEqual({ power: 'poweredOn', state: 'AVAILABLE' });
    expect(revertOutcome({ includeMemory: true, powerState: 'poweredOn', machineState: 'CONNECTED' })).toEqual({ power: 'poweredOn', state: 'AVAILABLE' });
    expect(revertOutcome({ includeMemory: true, powerState: 'suspended', machineState: 'AVAILABLE' })).toEqual({ power: 'suspended', state: 'AVAILABLE' });
  });
  it('is refused on a busy desktop or locked disks', () => {
    expect(judgeChange('AVAILABLE', true).ok).toBe(false);
    expect(judgeChange('PROVISIONING', false).ok).toBe(false);
    expect(judgeChange('DELETING', false).ok).toBe(false);
    expect(judgeChange('AGENT_UNREACHABLE', false).ok).toBe(true); // reverting is how a broken desktop is fixed
  });
});

describe('chain warnings (VMware KB 1025279)', () => {
  it('more than 3 levels, older than 72 h, or consolidation needed', () => {
    expect(chainWarnings(3, 72, 0)).toEqual([]);
    expect(chainWarnings(4, 0, 0)[0]).toMatch(/4 levels/);
    expect(chainWarnings(1, 73, 0)[0]).toMatch(/73 h old/);
    expect(chainWarnings(1, 0, 2)[0]).toMatch(/consolidation is needed/);
  });
});

describe('cost formulas', () => {
  it('a delta grows by writes × I/O size × new-block share', () => {
    expect(deltaGrowthGb((1024 * 1024) / SNAPSHOT_COST.writeIoKb)).toBeCloseTo(SNAPSHOT_COST.newBlockShare, 9);
    expect(deltaGrowthGb(0)).toBe(0);
  });
  it('reads through a chain cost readAmpPerLevel per level', () => {
    expect(chainReadIops(100, 0)).toBe(0);
    expect(chainReadIops(100, 3)).toBeCloseTo(100 * 3 * SNAPSHOT_COST.readAmpPerLevel);
  });
  it('durations grow with the data moved', () => {
    expect(mergeSeconds(10)).toBe(Math.ceil(SNAPSHOT_COST.opBaseSec + 10 / SNAPSHOT_COST.mergeGbPerSec));
    expect(takeSeconds(8)).toBeGreaterThan(takeSeconds(0));
    expect(revertSeconds(8)).toBeGreaterThan(revertSeconds(0));
    expect(mergeFreesGb(10)).toBeCloseTo(10 * (1 - SNAPSHOT_COST.parentGrowShare));
  });
});
