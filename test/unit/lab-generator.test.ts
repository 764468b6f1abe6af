import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MACHINE_STATES, POOL_KINDS, PROBLEM_STATES } from '../../src-main/contract/entities.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { namingCapacity, parseNamingPattern } from '../../src-main/core/naming.ts';

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('lab generator', () => {
  it('is deterministic: same profile and seed give the same lab, another seed another lab', () => {
    expect(digest(generateLab('default', 5))).toBe(digest(generateLab('default', 5)));
    expect(digest(generateLab('default', 5))).not.toBe(digest(generateLab('default', 6)));
  });

  it('builds the default lab the issue describes', () => {
    const lab = generateLab('default', 1);
    expect(lab.sites).toHaveLength(1);
    expect(lab.clusters).toHaveLength(2);
    expect(lab.hosts).toHaveLength(12);
    for (const h of lab.hosts) {
      expect(h.sockets * h.coresPerSocket).toBe(40);
      // The design names its CPU (issue 13): a Cascade Lake Gold 6248, 20 cores at 2.5 GHz.
      expect(h.cpuModel).toBe('Intel Xeon Gold 6248');
      expect(h.ghz).toBe(2.5);
      expect(h.ramGb).toBe(768);
      expect(h.nics * h.nicGbps).toBe(50);
    }
    expect(lab.datastores).toHaveLength(3);
    expect(lab.images.map((i) => i.os)).toEqual(expect.arrayContaining(['Windows 11 Enterprise 23H2', 'Windows Server 2022 Datacenter (RDSH)']));
    expect(lab.users.length).toBeGreaterThanOrEqual(900);
    expect(lab.users.length).toBeLessThanOrEqual(1200);
    // every pool kind, both assignments, both session types
    expect(new Set(lab.pools.map((p) => p.kind))).toEqual(new Set(POOL_KINDS));
    expect(new Set(lab.pools.map((p) => p.assignment))).toEqual(new Set(['floating', 'dedicated']));
    expect(new Set(lab.pools.map((p) => p.sessionType))).toEqual(new Set(['single-session', 'multi-session']));
    // users and groups in the vendors' style
    expect(lab.users[0]?.login).toMatch(/^CORP\\[a-z]+\.[a-z]+\d*$/);
    expect(lab.groups.some((g) => g.name === 'CORP\\GG-VDI-KnowledgeWorkers')).toBe(true);
  });

  it('sizes small and scale-10k as promised', () => {
    const small = generateLab('small', 1);
    expect(small.desktops.length).toBeGreaterThanOrEqual(45);
    expect(small.desktops.length).toBeLessThanOrEqual(60);
    const big = generateLab('scale-10k', 1);
    expect(big.desktops).toHaveLength(10_000);
    expect(big.hosts).toHaveLength(250);
  });

  it('keeps every object consistent: unique names, valid references, patterns with room', () => {
    for (const profile of ['small', 'default', 'scale-10k'] as const) {
      const lab = generateLab(profile, 3);
      const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
      const hosts = ids(lab.hosts);
      const pools = ids(lab.pools);
      const stores = ids(lab.datastores);
      const users = ids(lab.users);
      expect(new Set(lab.desktops.map((d) => d.name)).size).toBe(lab.desktops.length);
      expect(new Set(lab.users.map((u) => u.login)).size).toBe(lab.users.length);
      for (const d of lab.desktops) {
        expect(hosts.has(d.hostId)).toBe(true);
        expect(pools.has(d.poolId)).toBe(true);
        expect(stores.has(d.datastoreId)).toBe(true);
        if (d.assignedUserId) expect(users.has(d.assignedUserId)).toBe(true);
        expect(MACHINE_STATES).toContain(d.state);
        if (PROBLEM_STATES.includes(d.state)) expect(d.problem).toBeTruthy();
      }
      for (const p of lab.pools) {
        expect(p.maxMachines).toBeGreaterThanOrEqual(p.minMachines);
        expect(p.spareMachines).toBeLessThanOrEqual(p.maxMachines);
        expect(namingCapacity(parseNamingPattern(p.namingPattern))).toBeGreaterThanOrEqual(p.maxMachines);
      }
      // Nothing is placed on a host in maintenance mode.
      const maint = new Set(lab.hosts.filter((h) => h.connectionState === 'maintenance').map((h) => h.id));
      expect(lab.desktops.some((d) => maint.has(d.hostId))).toBe(false);
      // A user has at most one session per pool type at the start, on a powered-on desktop.
      for (const s of lab.sessions) {
        const d = lab.desktops.find((x) => x.id === s.desktopId);
        expect(d).toBeDefined();
        if (s.state !== 'disconnected') expect(d?.powerState).toBe('poweredOn');
      }
    }
  });

  it('follows the pools power policies at the start (Horizon example: spare machines on, the rest off)', () => {
    const lab = generateLab('default', 1);
    const dev = lab.pools.find((p) => p.kind === 'linked-clone');
    expect(dev).toBeDefined();
    const devDesktops = lab.desktops.filter((d) => d.poolId === dev?.id);
    expect(devDesktops).toHaveLength(dev?.minMachines ?? -1); // on demand: min created
    const on = devDesktops.filter((d) => d.powerState === 'poweredOn' && !d.assignedUserId).length;
    expect(on).toBe(dev?.spareMachines);
    const instant = lab.pools.filter((p) => p.kind === 'instant-clone').map((p) => p.id);
    expect(lab.desktops.filter((d) => instant.includes(d.poolId) && d.powerState !== 'poweredOn' && d.state !== 'PROVISIONING_ERROR')).toHaveLength(0);
  });

  it('places desktops evenly (least-allocated host first)', () => {
    const lab = generateLab('default', 1);
    const cl1 = lab.hosts.filter((h) => h.clusterId === 'cl-1').map((h) => h.id);
    const vcpu = cl1.map((h) => lab.desktops.filter((d) => d.hostId === h).reduce((a, d) => a + d.vcpu, 0));
    expect(Math.max(...vcpu) - Math.min(...vcpu)).toBeLessThanOrEqual(4);
  });
});
