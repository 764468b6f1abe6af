import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { BOOT_STORM_DEFINITION, type BootStormDefinitionInput } from '../../src-main/contract/boot-storm-entities.ts';
import { POWER_STATES } from '../../src-main/contract/entities.ts';
import { bootRows, calibrationTable } from '../../src-main/core/capacity/calibration.ts';
import { buildBootStormLab, runBootStorm } from '../../src-main/core/capacity/boot-storm.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { decodeState, encodeState } from '../../src-main/core/engine/durable/json.ts';
import { POWER_THROTTLES } from '../../src-main/core/models/boot.ts';
import { PARAMS } from '../../src-main/core/params.ts';
import { loadBootCases } from '../../src-main/host/calibrate-cli.ts';

// Long simulated runs: a few seconds of CPU each, but the machine may be shared (2 cores, other suites
// running), so the time limits guard against a hang, not against a slow machine. Nothing here asserts
// on wall-clock time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

// Boot storms (issue 13): the published storms of shared/calibration/boot-storms.csv reproduced on the
// real engine (power-action throttle per hosting connection, boots stretched by contention, the
// "registered" milestone), and the mechanisms behind them. Deterministic; no wall-clock assertions.

const cases = loadBootCases();

describe('published boot storms (shared/calibration/boot-storms.csv)', () => {
  it.each(cases.map((c) => [c.id, c.source] as const))('%s (%s): duration within ±25 %, IOPS and CPU within ±20 %', (id) => {
    const c = cases.find((x) => x.id === id) ?? expect.unreachable(id);
    const r = runBootStorm(BOOT_STORM_DEFINITION.parse(c.definition));
    expect(r.registered).toBe(r.definition.desktops.count);
    const squash = (line: string) => line.trim().replace(/\s+/g, ' ');
    const doc = new Set(
      readFileSync(new URL('../../docs/CALIBRATION.md', import.meta.url), 'utf8')
        .split('\n')
        .map(squash),
    );
    for (const row of bootRows(c, r)) {
      expect(row.pass, `${id} ${row.figure}: published ${String(row.published)}, simulated ${row.simulated}`).toBe(true);
      // docs/CALIBRATION.md shows the row as `vdi-console calibrate` prints it.
      const printed = squash(calibrationTable([row]).split('\n')[1] as string);
      expect(doc.has(printed), `docs/CALIBRATION.md lacks: ${printed}`).toBe(true);
    }
  });
});

const SMALL: BootStormDefinitionInput = {
  name: 'Small storm',
  hosts: { count: 2, sockets: 2, coresPerSocket: 16, cpuModel: 'Gold 6342', hyperthreading: true, ramGb: 1024, hypervisor: 'esxi' },
  storage: { iops: 100_000, serviceTimeMs: 0.5, capacityTb: 20, kind: 'flash-array' },
  desktops: { count: 200, vcpu: 2, ramGb: 4, os: 'win10', clone: 'mcs' },
  throttle: 'citrix',
};
const storm = (patch: Partial<BootStormDefinitionInput> = {}) => runBootStorm(BOOT_STORM_DEFINITION.parse({ ...SMALL, ...patch }));

describe('the throttle and the boot', () => {
  it("Citrix's throttle: at most 20 % of the connection's machines in flight, 50 new a minute; the storm's length follows", () => {
    const r = storm();
    expect(r.maxInFlight).toBe(40); // 20 % of 200
    const many = storm({ machinesOnConnection: 2000 }); // the cap is then 100 active, and 50 a minute binds
    expect(many.maxInFlight).toBeLessThanOrEqual(100);
    expect(many.allRegisteredMin as number).toBeLessThan(r.allRegisteredMin as number);
    expect(POWER_THROTTLES.citrix).toMatchObject({ maxActive: 100, maxPercent: 20, maxNewPerMinute: 50 });
  });

  it("Horizon's 50 concurrent vCenter operations hold a slot for the power-on task only; no throttle starts everything at once", () => {
    const horizon = storm({ throttle: 'horizon' });
    const none = storm({ throttle: 'none' });
    const citrix = storm();
    expect(horizon.maxInFlight).toBe(50);
    expect(none.maxInFlight).toBe(200);
    expect(none.allPoweredOnMin).toBeLessThan(0.1);
    expect(horizon.allPoweredOnMin as number).toBeGreaterThan(none.allPoweredOnMin as number);
    // Citrix holds each action 120 s beyond the task: the storm is spread out, its peak far lower.
    expect(none.peakOfferedIops).toBeGreaterThan(citrix.peakOfferedIops * 2);
  });

  it('boots stretch with the datastore: the same storm on a small array takes longer and queues', () => {
    const fast = storm({ throttle: 'none' });
    const slow = storm({ throttle: 'none', storage: { iops: 6000, serviceTimeMs: 2, capacityTb: 20, kind: 'raid5' } });
    expect(slow.allRegisteredMin as number).toBeGreaterThan((fast.allRegisteredMin as number) * 1.5);
    expect(slow.p95LatencyMs).toBeGreaterThan(20);
    // The array serves at most its capacity: 6,000 back-end IOPS at 50 % writes (RAID 5: 4 per write) ≈ 2,400 front-end.
    expect(slow.peakIops).toBeLessThanOrEqual(6000 / (0.5 + 0.5 * 4) + 1);
  });

  it("the seed draws the boots' spread: another seed, another storm of about the same length", () => {
    const a = storm({ throttle: 'none' });
    const b = storm({ throttle: 'none', seed: 2 });
    expect(b.allRegisteredMin).not.toBe(a.allRegisteredMin);
    expect(Math.abs((b.allRegisteredMin as number) / (a.allRegisteredMin as number) - 1)).toBeLessThan(0.1);
  });

  it('instant clones boot with a fraction of the I/O of a full Windows boot', () => {
    const mcs = storm({ throttle: 'none' });
    const instant = storm({ throttle: 'none', desktops: { ...SMALL.desktops, clone: 'instant-clone' } });
    expect(instant.avgOfferedIops).toBeLessThan(mcs.avgOfferedIops / 5);
  });

  it('a storm continues exactly after the engine state is saved and restored mid-way', () => {
    const def = BOOT_STORM_DEFINITION.parse({ ...SMALL, desktops: { ...SMALL.desktops, count: 60 } });
    // A restored engine is built from the store's lab (the desktops' power states as the last flush wrote them) plus the saved state.
    const start = (restore?: ReturnType<Engine['capture']>, from?: Engine) => {
      const lab = buildBootStormLab(def, PARAMS.labEpochIso);
      if (from) lab.desktops.forEach((d, i) => (d.powerState = POWER_STATES[from.st.dPower[i] as number] ?? 'poweredOff'));
      const e = new Engine(lab, { seed: 1, workday: false, ...(restore ? { restore } : {}) });
      e.powerThrottle.connections[0]!.throttle = POWER_THROTTLES.citrix;
      return e;
    };
    const a = start();
    for (let d = 0; d < 60; d++) a.provisioner.requestPowerOn(d);
    a.advance(90);
    const snap = a.capture();
    const copy = {
      ...snap,
      arrays: new Map([...snap.arrays].map(([k, v]) => [k, 'raw' in v ? v : v.slice()])),
      doc: decodeState<Record<string, unknown>>(encodeState(snap.doc)),
      queue: decodeState<typeof snap.queue>(encodeState(snap.queue)),
    };
    const b = start(copy, a);
    a.advance(300);
    b.advance(300);
    expect(Array.from(b.powerThrottle.dRegisteredAt)).toEqual(Array.from(a.powerThrottle.dRegisteredAt));
    expect(Array.from(b.sIops)).toEqual(Array.from(a.sIops));
    expect(Array.from(b.hCpuPct)).toEqual(Array.from(a.hCpuPct));
  });
});
