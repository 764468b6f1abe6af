import { describe, expect, it } from 'vitest';
import { CAPACITY_DEFINITION, type CapacityDefinitionInput } from '../../src-main/contract/capacity-entities.ts';
import { recommend } from '../../src-main/core/capacity/analysis.ts';
import { runCapacityTest } from '../../src-main/core/capacity/run.ts';
import { CPU_PERF_PARAMS } from '../../src-main/core/models/cpu-perf.ts';
import { vmOverheadMb } from '../../src-main/core/params.ts';
import {
  CONFIDENTIAL_PARAMS,
  flagsCpuFactor,
  flagsOverheadMb,
  HYPERVISOR_SPECS,
  hypervisorOverheadMb,
  NESTED_PARAMS,
  vgpuDesktopsPerHost,
  VGPU_PROFILES,
} from '../../src-main/shared/hypervisors/catalogue.ts';
import { checkHardware, defaultHardware, hardwareFigures, planChange } from '../../src-main/shared/hypervisors/hardware.ts';

// Issue 19: the parameter math of hypervisor types, VM flags and vGPU profiles, and what the
// capacity tool does with them.

const NET = { id: 'net-1', portGroup: 'dvpg-VDI-KW-110-CL01', vlan: 110 };
const w11 = (hv: 'esxi' | 'hyper-v' | 'kvm' | 'ahv' = 'esxi') =>
  defaultHardware({ hv, vcpu: 2, ramGb: 4, diskGb: 64, guestOs: 'Windows 11 Enterprise 23H2', network: NET, key: 'vm-1' });

describe('hypervisor parameters', () => {
  it("ESXi's per-VM overhead is DOMAIN.md's (the engine's figure); the others are their own", () => {
    for (const [gb, vcpu] of [
      [4, 2],
      [8, 4],
      [48, 8],
    ] as const)
      expect(hypervisorOverheadMb('esxi', gb, vcpu)).toBeCloseTo(vmOverheadMb(gb, vcpu), 9);
    expect(hypervisorOverheadMb('hyper-v', 1, 1)).toBe(32); // 32 MB for the first GB
    expect(hypervisorOverheadMb('hyper-v', 4, 2)).toBe(32 + 3 * 8); // + 8 MB per further GB
    expect(hypervisorOverheadMb('kvm', 4, 2)).toBe(64 + 8 + 2 * 4 + 8);
  });
  it("the CPU overhead shown per hypervisor is the capacity model's", () => {
    for (const [hv, spec] of Object.entries(HYPERVISOR_SPECS))
      expect(spec.cpuOverheadShare).toBe(CPU_PERF_PARAMS.hypervisorOverhead[hv as keyof typeof CPU_PERF_PARAMS.hypervisorOverhead]);
  });
  it('confidential and nested overheads follow their named parameters', () => {
    const c = CONFIDENTIAL_PARAMS['sev-snp'];
    expect(flagsOverheadMb(4, 'sev-snp', false)).toBeCloseTo(4 * 1024 * c.memoryOverheadShare, 9);
    expect(flagsOverheadMb(0.5, 'tdx', false)).toBe(CONFIDENTIAL_PARAMS.tdx.memoryOverheadMinMb);
    expect(flagsOverheadMb(64, 'sev-snp', false)).toBe(c.memoryOverheadMaxMb);
    expect(flagsOverheadMb(4, 'none', true)).toBe(NESTED_PARAMS.memoryOverheadMinMb);
    expect(flagsCpuFactor('sev-snp', true)).toBeCloseTo(c.cpuFactor * NESTED_PARAMS.cpuFactor, 12);
    expect(flagsCpuFactor('none', false)).toBe(1);
  });
  it('a vGPU profile carries frame buffer ÷ profile desktops per GPU', () => {
    const a16 = VGPU_PROFILES.find((p) => p.name === 'A16-2B');
    expect(a16?.perGpu).toBe(8);
    expect(vgpuDesktopsPerHost('A16-1B', 4)).toBe(64);
    expect(vgpuDesktopsPerHost('A40-8Q', 2)).toBe(12);
    expect(vgpuDesktopsPerHost('nope', 2)).toBe(0);
  });
});

describe('virtual hardware rules', () => {
  it("the default Windows 11 VM is UEFI + Secure Boot + vTPM on the hypervisor's disk format", () => {
    expect(w11()).toMatchObject({ firmware: 'uefi', secureBoot: true, vtpm: true });
    expect(w11('hyper-v').disks[0]?.format).toBe('vhdx');
    expect(w11('kvm').nics[0]?.mac.startsWith('52:54:00')).toBe(true);
    expect(checkHardware(w11(), 'esxi', 'Windows 11 Enterprise 23H2', [NET], null)).toEqual([]);
  });
  it('refuses Windows 11 without a vTPM, Secure Boot on BIOS, CPU hot-add on Hyper-V, and a shrinking disk', () => {
    const hw = w11();
    expect(checkHardware({ ...hw, vtpm: false }, 'esxi', 'Windows 11 Enterprise 23H2', [NET], null)[0]?.path).toEqual(['vtpm']);
    expect(checkHardware({ ...hw, firmware: 'bios' }, 'esxi', 'Windows 10', [NET], null).map((p) => p.path[0])).toContain('secureBoot');
    expect(checkHardware({ ...w11('hyper-v'), cpuHotAdd: true }, 'hyper-v', 'Windows 10', [NET], null)[0]?.path).toEqual(['cpuHotAdd']);
    const smaller = { ...hw, disks: [{ ...hw.disks[0]!, sizeGb: 32 }] };
    expect(checkHardware(smaller, 'esxi', 'Windows 11', [NET], hw)[0]).toMatchObject({ code: 'conflict', path: ['disks', 0, 'sizeGb'] });
  });
  it('a running VM takes vCPUs and memory hot only with hot-add on; a decrease and the cold flags wait', () => {
    const off = w11();
    const hot = { ...off, cpuHotAdd: true, memoryHotAdd: true };
    const grown = planChange(hot, { ...hot, sockets: 2, memoryGb: 8 }, true, 'esxi', 'Windows 11');
    expect(grown.pending).toBeNull();
    expect(grown.now).toMatchObject({ sockets: 2, memoryGb: 8 });
    const cold = planChange(off, { ...off, memoryGb: 8 }, true, 'esxi', 'Windows 11');
    expect(cold.now.memoryGb).toBe(4);
    expect(cold.pending?.memoryGb).toBe(8);
    const shrink = planChange(hot, { ...hot, memoryGb: 2 }, true, 'esxi', 'Windows 11');
    expect(shrink.reasons.join()).toMatch(/hot-remove does not exist/);
    expect(planChange(off, { ...off, vtpm: false, firmware: 'bios', secureBoot: false }, false, 'esxi', 'Windows 10').pending).toBeNull();
    expect(hardwareFigures(hot, { hv: 'esxi', thinWrittenShare: 0.1 }).vnumaExposed).toBe(false);
    expect(hardwareFigures(hot, { hv: 'kvm', thinWrittenShare: 0.1 }).vnumaExposed).toBe(true);
  });
  it("thin share follows the disks' provisioning", () => {
    const hw = w11();
    expect(hardwareFigures(hw, { hv: 'esxi', thinWrittenShare: 0.15 }).thinShare).toBeCloseTo(0.15, 9);
    const thick = { ...hw, disks: [{ ...hw.disks[0]!, provisioning: 'thick' as const }] };
    expect(hardwareFigures(thick, { hv: 'esxi', thinWrittenShare: 0.15 }).thinShare).toBe(1);
  });
});

const CPU_BOUND: CapacityDefinitionInput = {
  name: 'CPU-bound',
  hosts: { count: 1, sockets: 1, coresPerSocket: 8, ghz: 2.4, hyperthreading: true, ramGb: 512 },
  storage: { iops: 50_000, serviceTimeMs: 0.5, capacityTb: 10 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 70, timeframeSec: 1200 },
};

describe('the capacity tool with VM flags and vGPU', () => {
  it('confidential + nested VMs carry fewer users per host than plain ones (their CPU factor)', { timeout: 120_000 }, () => {
    const plain = runCapacityTest(CAPACITY_DEFINITION.parse(CPU_BOUND));
    const flagged = runCapacityTest(
      CAPACITY_DEFINITION.parse({ ...CPU_BOUND, sessionHost: { ...CPU_BOUND.sessionHost, vmFlags: { confidential: 'sev-snp', nestedVirtualization: true } } }),
    );
    const a = plain.vsimax ?? plain.sessionsLaunched;
    const b = flagged.vsimax ?? flagged.sessionsLaunched;
    expect(b).toBeLessThan(a);
    // CPU is the bottleneck: density falls by about the CPU factor (1.05 × 1.10), not by more than twice it.
    const factor = flagsCpuFactor('sev-snp', true);
    expect(a / b).toBeGreaterThan(1.02);
    expect(a / b).toBeLessThan(1 + 2 * (factor - 1));
  });
  it("a vGPU profile caps the safe users per host at the GPUs' frame buffer", () => {
    const def = CAPACITY_DEFINITION.parse({
      ...CPU_BOUND,
      sessionHost: { ...CPU_BOUND.sessionHost, vgpu: { profile: 'A16-2B', gpusPerHost: 2 } },
      planning: { targetUsers: 160, safetyMarginPct: 0, haSpareHosts: 0 },
    });
    const r = recommend(def, 60, true);
    expect(r.usersPerHostSafe).toBe(16); // 8 per A16 GPU × 2
    expect(r.hostsForTarget).toBe(10);
    expect(r.notes.join(' ')).toMatch(/frame buffer, not the CPU, limits density/);
    const noGpu = recommend(CAPACITY_DEFINITION.parse({ ...CPU_BOUND, planning: { targetUsers: 160, safetyMarginPct: 0, haSpareHosts: 0 } }), 60, true);
    expect(noGpu.usersPerHostSafe).toBe(60);
  });
});
